package org.availkit.mock;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.availkit.contract.ErrorCatalogue;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletRequestWrapper;
import wiremock.jakarta.servlet.http.HttpServletResponse;
import wiremock.org.eclipse.jetty.http.HttpFields;
import wiremock.org.eclipse.jetty.http.HttpHeader;
import wiremock.org.eclipse.jetty.http.HttpStatus;
import wiremock.org.eclipse.jetty.server.Handler;
import wiremock.org.eclipse.jetty.server.Request;
import wiremock.org.eclipse.jetty.server.Server;
import wiremock.org.eclipse.jetty.server.handler.ErrorHandler;
import wiremock.org.eclipse.jetty.server.handler.HandlerWrapper;
import wiremock.org.eclipse.jetty.servlet.FilterHolder;
import wiremock.org.eclipse.jetty.servlet.FilterMapping;
import wiremock.org.eclipse.jetty.servlet.ServletContextHandler;
import wiremock.org.eclipse.jetty.servlet.ServletHandler;
import wiremock.org.eclipse.jetty.servlets.CrossOriginFilter;

/**
 * WireMock's Jetty server, answering what never reaches WireMock as the server would: a request
 * Jetty cannot parse (a bad URI, a bad request line) gets the error envelope instead of Jetty's
 * HTML page, {@code CONNECT}, which Jetty would otherwise take as a tunnel, gets the 405, and
 * WireMock never sees a {@code Content-Type} it would parse into a 500 ({@link
 * #withContentTypeShown}). Its admin API answers no CORS, and only what {@link AdminGuard} lets
 * through.
 *
 * <p>The one class of the mock that touches WireMock's shaded Jetty ({@code
 * wiremock.org.eclipse.jetty}, {@code wiremock.jakarta.servlet}); EnvelopeJettyServerTest fails,
 * naming what changed, if an upgrade takes away a hook or method it uses or stops calling one.
 * WireMock's public API has no way to do this: in 3.13.2 (the Options interface and
 * Jetty11HttpServer of wiremock-standalone, read with javap, and the source cited below) the only
 * say over Jetty is the HttpServerFactory and Jetty11HttpServer's protected hooks; Options has no
 * error handler, and its CORS setting (getStubCorsEnabled) covers the stubs only, never the admin
 * context's CrossOriginFilter.
 *
 * <p>It is long because it is everything the mock takes from WireMock's shaded Jetty, kept in this
 * one class on purpose.
 */
final class EnvelopeJettyServer implements HttpServerFactory {

  private final AdminGuard guard;

  EnvelopeJettyServer(AdminGuard guard) {
    this.guard = guard;
  }

  @Override
  public HttpServer buildHttpServer(
      Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
    return new Jetty11HttpServer(options, admin, stubs) {
      @Override
      protected void applyAdditionalServerConfiguration(Server server, Options options) {
        super.applyAdditionalServerConfiguration(server, options);
        server.setErrorHandler(new EnvelopeErrorHandler());
      }

      @Override
      protected Handler createHandler(
          Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
        HandlerWrapper noTunnels =
            new HandlerWrapper() {
              @Override
              public void handle(
                  String target,
                  Request base,
                  HttpServletRequest request,
                  HttpServletResponse response)
                  throws IOException, wiremock.jakarta.servlet.ServletException {
                if ("CONNECT".equalsIgnoreCase(request.getMethod())) {
                  base.setHandled(true);
                  write(response, Answer.error(ErrorCatalogue.methodNotAllowedHere("CONNECT")));
                  return;
                }
                super.handle(target, base, withContentTypeShown(request), response);
              }
            };
        noTunnels.setHandler(super.createHandler(options, admin, stubs));
        return noTunnels;
      }

      /*
       * WireMock 3.13.2's Jetty11HttpServer (src/main/java/com/github/tomakehurst/wiremock/jetty11/
       * Jetty11HttpServer.java) builds the admin API as a ServletContextHandler at /__admin
       * (addAdminContext): DefaultServlets for /swagger-ui/* and /recorder/*, the NotMatchedServlet,
       * and WireMockHandlerDispatchingServlet for the rest, which hands the request to
       * AdminRequestHandler; then addCorsFilter adds Jetty's CrossOriginFilter (buildCorsFilter:
       * allowedOrigins *, every method, chainPreflight false), whatever the options say, and last
       * calls this hook. AdminRequestHandler checks WireMock's admin authenticator only after the
       * admin request filters have run (AbstractRequestHandler.handle), so ResetAgents would reset
       * before a refusal.
       *
       * The guard goes here, inside the admin context, rather than into the outer wrapper above:
       * inserted before the context's ServletHandler, it runs for exactly the requests Jetty has
       * chosen the admin context for, and before any of WireMock's filters, servlets and request
       * filters. The outer wrapper would have to repeat Jetty's choice of context (the decoded,
       * normalised path, the context path's boundary), and any way the two disagreed (a spelling
       * of /__admin/reset such as /%5F%5Fadmin/reset, tested) would be a way past the guard.
       */
      @Override
      protected void decorateAdminServiceContextAfterConfig(ServletContextHandler adminContext) {
        super.decorateAdminServiceContextAfterConfig(adminContext);
        withoutCrossOriginFilter(adminContext.getServletHandler());
        adminContext.insertHandler(
            new HandlerWrapper() {
              @Override
              public void handle(
                  String target,
                  Request base,
                  HttpServletRequest request,
                  HttpServletResponse response)
                  throws IOException, wiremock.jakarta.servlet.ServletException {
                // HTTP/2 (h2c, as Java's HttpClient upgrades to) has no Host header: its :authority
                // instead.
                String host = request.getHeader("Host");
                if (host == null
                    && request.getProtocol() != null
                    && request.getProtocol().startsWith("HTTP/2")) {
                  host = base.getHttpURI().getAuthority();
                }
                Answer refusal =
                    guard.refusal(
                        host,
                        base.getHttpURI().getHost(),
                        request.getHeader("Origin"),
                        request.getHeader("Sec-Fetch-Site"),
                        Collections.list(request.getHeaders("Authorization")));
                if (refusal != null) {
                  base.setHandled(true);
                  write(response, refusal);
                  return;
                }
                super.handle(target, base, request, response);
              }
            });
      }
    };
  }

  /**
   * The request as WireMock is to see it: its {@code Content-Type} replaced by {@link
   * ContentType#shownToWireMock} where WireMock would parse it into an error (why, there), the
   * request itself where not. Jetty's handlers below pass this request on to the servlets (the
   * contexts' ServletHandler hands its argument to the filter chain and servlet, not the base
   * request), so WireMock's servlet and the API filter see it, in both contexts.
   */
  static HttpServletRequest withContentTypeShown(HttpServletRequest request) {
    String shown = ContentType.shownToWireMock(request.getHeader("Content-Type"));
    if (shown == null) {
      return request;
    }
    return new HttpServletRequestWrapper(request) {
      @Override
      public String getHeader(String name) {
        return name.equalsIgnoreCase("Content-Type") ? shown : super.getHeader(name);
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return name.equalsIgnoreCase("Content-Type")
            ? Collections.enumeration(List.of(shown))
            : super.getHeaders(name);
      }

      @Override
      public String getContentType() {
        return shown;
      }

      @Override
      public String getCharacterEncoding() {
        int charset = shown.indexOf("; charset=");
        return charset < 0 ? null : shown.substring(charset + "; charset=".length());
      }
    };
  }

  /**
   * The admin context without WireMock's CrossOriginFilter: no page of another origin may read an
   * admin answer or send it anything a simple request cannot. (The API's CORS is {@link Cors}'s, in
   * the other context.)
   */
  private static void withoutCrossOriginFilter(ServletHandler servlets) {
    List<FilterHolder> cors =
        Arrays.stream(servlets.getFilters())
            .filter(
                f ->
                    f.getHeldClass() == CrossOriginFilter.class
                        || CrossOriginFilter.class.getName().equals(f.getClassName()))
            .toList();
    Set<String> names = cors.stream().map(FilterHolder::getName).collect(Collectors.toSet());
    FilterMapping[] mappings = servlets.getFilterMappings();
    if (mappings != null) {
      Arrays.stream(mappings)
          .filter(m -> names.contains(m.getFilterName()))
          .forEach(servlets::removeFilterMapping);
    }
    cors.forEach(servlets::removeFilterHolder);
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

    /**
     * Jetty writes error pages only for GET, POST and HEAD by default; the envelope goes to every
     * method.
     */
    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(answerFor(status, "?", "?").bodyBytes());
    }

    @Override
    protected void generateAcceptableResponse(
        Request base,
        HttpServletRequest request,
        HttpServletResponse response,
        int code,
        String message)
        throws IOException {
      base.setHandled(true);
      EnvelopeJettyServer.write(
          response, answerFor(code, request.getMethod(), request.getRequestURI()));
    }

    /**
     * Jetty's statuses as the server maps Tomcat's ({@code ApiError.forStatus}); the mock has no
     * request id to name in a 500. For a request Jetty cannot parse ({@link #badMessageError})
     * Jetty writes the status line itself (431 for headers over its limit), the envelope only the
     * body.
     */
    static Answer answerFor(int status, String method, String path) {
      return Answer.error(
          switch (status) {
            case 404 -> ErrorCatalogue.notFound(method, path);
            case 405 -> ErrorCatalogue.methodNotAllowedHere(method);
            case 413 -> ErrorCatalogue.requestTooLarge();
            default ->
                status >= 500
                    ? ErrorCatalogue.internal(null)
                    : ErrorCatalogue.requestNotValid(HttpStatus.getMessage(status));
          });
    }
  }
}
