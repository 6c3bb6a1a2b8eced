package org.availkit.mock;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;
import wiremock.org.eclipse.jetty.http.HttpFields;
import wiremock.org.eclipse.jetty.http.HttpHeader;
import wiremock.org.eclipse.jetty.server.Handler;
import wiremock.org.eclipse.jetty.server.Request;
import wiremock.org.eclipse.jetty.server.Server;
import wiremock.org.eclipse.jetty.server.handler.ErrorHandler;
import wiremock.org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * WireMock's Jetty server, answering what never reaches WireMock as the server would: a request
 * Jetty cannot parse (a bad URI, a bad request line) gets the error envelope instead of Jetty's
 * HTML page, and {@code CONNECT}, which Jetty would otherwise take as a tunnel, gets the 405.
 */
final class EnvelopeJettyServer implements HttpServerFactory {

  @Override
  public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
    return new Jetty11HttpServer(options, admin, stubs) {
      @Override
      protected void applyAdditionalServerConfiguration(Server server, Options options) {
        super.applyAdditionalServerConfiguration(server, options);
        server.setErrorHandler(new EnvelopeErrorHandler());
      }

      @Override
      protected Handler createHandler(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
        HandlerWrapper noTunnels = new HandlerWrapper() {
          @Override
          public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
              throws IOException, wiremock.jakarta.servlet.ServletException {
            if ("CONNECT".equalsIgnoreCase(request.getMethod())) {
              base.setHandled(true);
              write(response, Answer.methodNotAllowed("CONNECT", List.of("GET", "PUT")));
              return;
            }
            super.handle(target, base, request, response);
          }
        };
        noTunnels.setHandler(super.createHandler(options, admin, stubs));
        return noTunnels;
      }
    };
  }

  static void write(HttpServletResponse response, Answer answer) throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.setContentType("application/json");
    byte[] body = answer.bodyBytes();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Jetty's own errors, as the envelope. */
  static final class EnvelopeErrorHandler extends ErrorHandler {

    /** Jetty writes error pages only for GET, POST and HEAD by default; the envelope goes to every method. */
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(answerFor(status).bodyBytes());
    }

    @Override
    protected void generateAcceptableResponse(Request base, HttpServletRequest request, HttpServletResponse response,
        int code, String message) throws IOException {
      base.setHandled(true);
      EnvelopeJettyServer.write(response, answerFor(code));
    }

    private static Answer answerFor(int status) {
      return switch (status) {
        case 404 -> Answer.notFound("?", "?");
        case 405 -> Answer.error(405, "MethodNotAllowedException", "Method not allowed here.", null, Map.of());
        case 413, 431 -> Answer.error(status == 413 ? 413 : 400, status == 413 ? "PayloadTooLargeException" : "InputException",
            "The request is too large.", null, Map.of());
        default -> status >= 500
            ? Answer.error(500, "GeneralException", "Unexpected error.", null, Map.of())
            : Answer.input("The request is not valid (" + status + ").", "request", List.of());
      };
    }
  }
}
