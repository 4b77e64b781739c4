package dk.godstart.hub.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FreeSpaceRuleTest {

	private static final long MB = 1024 * 1024;

	@Test
	void writesAreTakenWhileAtLeastTheThresholdIsFree() {
		FreeSpaceRule rule = new FreeSpaceRule(512 * MB);

		assertThat(rule.takesWrites(OptionalLong.of(10_000 * MB))).isTrue();
		assertThat(rule.takesWrites(OptionalLong.of(512 * MB))).isTrue();
		assertThat(rule.takesWrites(OptionalLong.of(512 * MB - 1))).isFalse();
		assertThat(rule.takesWrites(OptionalLong.of(0))).isFalse();
	}

	@Test
	void aDiskThatCannotBeReadDoesNotStopTheHub() {
		assertThat(new FreeSpaceRule(512 * MB).takesWrites(OptionalLong.empty())).isTrue();
	}

	@Test
	void aThresholdOfZeroTakesEveryWrite() {
		assertThat(new FreeSpaceRule(0).takesWrites(OptionalLong.of(0))).isTrue();
	}

	@Test
	void aNegativeThresholdIsAConfigurationError() {
		assertThatThrownBy(() -> new FreeSpaceRule(-1)).hasMessageContaining("min-free-space");
	}
}
