package dk.godstart.hub.routes.queue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This node's name in the leases it takes (host/pid/random), so an operator can tell which node holds what. */
public record HubNode(String name) {

	public static HubNode current() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		} catch (UnknownHostException e) {
			host = "unknown-host";
		}
		return new HubNode(host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
				+ UUID.randomUUID().toString().substring(0, 8));
	}
}
