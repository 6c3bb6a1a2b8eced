package org.availkit.server.error;

import java.io.IOException;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.availkit.server.system.CorsConfig;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Tomcat's error report for what never reaches the application (a request line or header it cannot
 * parse, a header over its size limit, a 503 while it drains): the error envelope instead of
 * Tomcat's HTML page, with the CORS headers an allowed origin gets on every answer.
 */
final class EnvelopeErrorReportValve extends ErrorReportValve {

  private final ErrorWriter errors;
  private final UrlBasedCorsConfigurationSource cors;

  EnvelopeErrorReportValve(ErrorWriter errors, UrlBasedCorsConfigurationSource cors) {
    this.errors = errors;
    this.cors = cors;
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    ApiError error =
        ApiError.forStatus(status, request.getMethod(), request.getDecodedRequestURI());
    try {
      response.setSuspended(false);
      addCorsHeaders(request, response);
      errors.write(response.getResponse(), error);
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response is committed: nothing more can be said.
    }
  }

  private void addCorsHeaders(Request request, Response response) {
    try {
      CorsConfig.addToEarlyAnswer(cors, request.getRequest(), response.getResponse());
    } catch (RuntimeException e) {
      // A request Tomcat could not parse may have no path to look the settings up by: no CORS
      // headers.
    }
  }

  /** Puts the valve in place of Tomcat's own on the host, before the application starts. */
  @Component
  static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ErrorWriter errors;
    private final UrlBasedCorsConfigurationSource cors;

    Installer(ErrorWriter errors, UrlBasedCorsConfigurationSource cors) {
      this.errors = errors;
      this.cors = cors;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      TomcatContextCustomizer install =
          context ->
              context.addLifecycleListener(
                  event -> {
                    if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                        && context.getParent() instanceof Host host) {
                      for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve
                            && !(valve instanceof EnvelopeErrorReportValve)) {
                          host.getPipeline().removeValve(valve);
                        }
                      }
                      host.getPipeline().addValve(new EnvelopeErrorReportValve(errors, cors));
                    }
                  });
      factory.addContextCustomizers(install);
    }
  }
}
