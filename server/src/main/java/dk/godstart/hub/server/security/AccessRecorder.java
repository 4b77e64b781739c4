package dk.godstart.hub.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import dk.godstart.hub.server.audit.AuditTrail;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Does, just before a write's transaction commits and inside it, what access control needs from every stored
 * resource (the hub's own writes included):
 * <ul>
 *   <li>a caller may point only at patient data it can see, or that the same request stored (so nobody gains
 *       access to a woman's record by naming her in a resource of their own);</li>
 *   <li>grants: the organisations taking part in a resource may see what it points to (a notification's grants
 *       carry its agreement), and the caller's organisation may see what it stored;</li>
 *   <li>the audit record of the caller's write.</li>
 * </ul>
 * Checked at commit rather than per resource because a transaction bundle stores a woman and the referral about
 * her together, in either order.
 */
@Interceptor
public class AccessRecorder {

	private final AccessPolicy policy;
	private final CallerOrganisations organisations;
	private final AccessGrants grants;
	private final AuditTrail audit;
	private final ca.uhn.fhir.jpa.api.dao.IFhirResourceDao<org.hl7.fhir.r4.model.Communication> notifications;

	public AccessRecorder(AccessPolicy policy, CallerOrganisations organisations, AccessGrants grants, AuditTrail audit,
			ca.uhn.fhir.jpa.api.dao.IFhirResourceDao<org.hl7.fhir.r4.model.Communication> notifications) {
		this.policy = policy;
		this.organisations = organisations;
		this.grants = grants;
		this.audit = audit;
		this.notifications = notifications;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource, RequestDetails request) {
		pending().add(new Write(resource, request, "create"));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		pending().add(new Write(resource, request, "update"));
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource, RequestDetails request) {
		pending().add(new Write(resource, request, "delete"));
	}

	private record Write(IBaseResource resource, RequestDetails request, String interaction) {}

	/**
	 * A notification queued and then held back after all (she withdrew her consent before it was sent): what it
	 * granted its recipients when it was queued is taken back, so they cannot read through the API what they were never
	 * told. Grants that another notification to the same recipient still carries (one delivered earlier, about the same
	 * woman, under the same agreement) are returned to be recorded again.
	 */
	private List<AccessGrants.Grant> revokeFromItsRecipients(org.hl7.fhir.r4.model.Communication withheld) {
		Set<String> recipients = new LinkedHashSet<>(policy.participants(withheld, true));
		recipients.removeAll(policy.participants(withheld, false));
		Set<String> targets = policy.referencedPatientData(withheld);
		List<String> agreements = policy.agreementsOf(withheld);
		for (String recipient : recipients) {
			for (String target : targets) {
				for (String agreement : agreements) {
					grants.revoke(recipient, target, agreement);
				}
			}
		}
		List<AccessGrants.Grant> stillCarried = new ArrayList<>();
		if (recipients.isEmpty() || !withheld.getSubject().hasReference()) {
			return stillCarried;
		}
		ca.uhn.fhir.jpa.searchparam.SearchParameterMap others = ca.uhn.fhir.jpa.searchparam.SearchParameterMap.newSynchronous()
				.add(org.hl7.fhir.r4.model.Communication.SP_SUBJECT,
						new ca.uhn.fhir.rest.param.ReferenceParam(withheld.getSubject().getReference()));
		for (IBaseResource other : notifications.searchForResources(others, new ca.uhn.fhir.rest.api.server.SystemRequestDetails())) {
			if (AccessPolicy.key(other).equals(AccessPolicy.key(withheld)) || policy.withheldFromItsRecipients(other)) {
				continue;
			}
			Set<String> otherRecipients = new LinkedHashSet<>(policy.participants(other, true));
			otherRecipients.retainAll(recipients);
			Set<String> otherTargets = new LinkedHashSet<>(policy.referencedPatientData(other));
			otherTargets.retainAll(targets);
			for (String recipient : otherRecipients) {
				for (String target : otherTargets) {
					for (String agreement : policy.agreementsOf(other)) {
						if (agreements.contains(agreement)) {
							stillCarried.add(new AccessGrants.Grant(recipient, target, agreement));
						}
					}
				}
			}
		}
		return stillCarried;
	}

	private PendingWrites pending() {
		PendingWrites pending = (PendingWrites) TransactionSynchronizationManager.getResource(PendingWrites.class);
		if (pending == null) {
			pending = new PendingWrites();
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.bindResource(PendingWrites.class, pending);
				TransactionSynchronizationManager.registerSynchronization(pending);
			} else {
				pending.immediate = true;
			}
		}
		return pending;
	}

	private final class PendingWrites implements TransactionSynchronization {
		private final List<Write> writes = new ArrayList<>();
		private boolean immediate;

		void add(Write write) {
			writes.add(write);
			if (immediate) {
				settle(List.of(write));
				writes.clear();
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			settle(writes);
		}

		@Override
		public void afterCompletion(int status) {
			TransactionSynchronizationManager.unbindResourceIfPossible(PendingWrites.class);
		}
	}

	private void settle(List<Write> writes) {
		Set<String> written = new LinkedHashSet<>();
		writes.forEach(write -> written.add(AccessPolicy.key(write.resource())));
		List<AccessGrants.Grant> newGrants = new ArrayList<>();
		for (Write write : writes) {
			if ("delete".equals(write.interaction())) {
				continue;
			}
			IBaseResource resource = write.resource();
			Set<String> targets = policy.referencedPatientData(resource);
			HubCaller caller = HubCaller.of(write.request()).orElse(null);
			if (caller != null) {
				for (String target : caller.scopes().has(Scopes.IMPORT) ? Set.<String>of() : targets) {
					if (!written.contains(target) && !policy.canSee(caller, write.request(), target)) {
						throw new ForbiddenOperationException(AccessPolicy.key(resource).replaceAll("/null$", "")
								+ " refers to " + target + ", which the caller's organisation may not see.");
					}
				}
				if (ResourceKinds.isPatientData(resource.fhirType())) {
					for (String organisation : organisations.of(caller, write.request())) {
						newGrants.add(new AccessGrants.Grant(organisation, AccessPolicy.key(resource), AccessGrants.OWN_CARE));
					}
				}
			}
			List<String> agreements = policy.agreementsOf(resource);
			// a notification held back for want of a legal basis grants its recipients nothing (AccessPolicy)
			for (String participant : policy.participants(resource, !policy.withheldFromItsRecipients(resource))) {
				for (String target : targets) {
					if (agreements.isEmpty()) {
						newGrants.add(new AccessGrants.Grant(participant, target, AccessGrants.OWN_CARE));
					}
					for (String agreement : agreements) {
						newGrants.add(new AccessGrants.Grant(participant, target, agreement));
					}
				}
			}
		}
		for (Write write : writes) {
			if ("update".equals(write.interaction()) && policy.withheldFromItsRecipients(write.resource())) {
				newGrants.addAll(revokeFromItsRecipients((org.hl7.fhir.r4.model.Communication) write.resource()));
			}
		}
		grants.grant(newGrants);
		audit.writesCommitting(writes.stream()
				.filter(write -> HubCaller.of(write.request()).isPresent())
				.map(write -> new AuditTrail.Written(write.request(), write.resource(), write.interaction()))
				.toList());
	}
}
