package dk.godstart.hub.server.fhir;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The servlet Tomcat holds at {@code /fhir/*}, in front of HAPI's {@link RestfulServer}, which Spring builds with the
 * other singletons; Tomcat initialises it (and so the RestfulServer) as the web server starts.
 *
 * <p>Why not register the RestfulServer itself: Spring Boot creates servlets and their registrations while it
 * creates the web server ({@code onRefresh}), before the bean factory's configuration is frozen. The RestfulServer
 * needs HAPI's whole graph (146 resource DAOs and their providers), and every {@code @Autowired} point of that graph
 * resolved there scans all bean definitions instead of the type cache that exists once the configuration is frozen;
 * on two cores that cost several seconds of every start. This servlet needs only a supplier, so the graph is built in
 * the ordinary singleton phase.
 */
public class FhirServlet extends HttpServlet {

	private final transient Supplier<RestfulServer> restfulServer;
	private transient volatile RestfulServer server;

	public FhirServlet(Supplier<RestfulServer> restfulServer) {
		this.restfulServer = restfulServer;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		RestfulServer built = restfulServer.get();
		built.init(config);
		server = built;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		RestfulServer current = server;
		if (current == null) {
			throw new ServletException("The FHIR endpoint is not initialised");
		}
		current.service(request, response);
	}

	@Override
	public void destroy() {
		RestfulServer current = server;
		if (current != null) {
			current.destroy();
		}
	}
}
