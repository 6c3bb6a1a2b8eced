package org.availkit.mock;

import com.github.tomakehurst.wiremock.common.JettySettings;
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
import wiremock.org.eclipse.jetty.http.BadMessageException;
import wiremock.org.eclipse.jetty.http.HttpFields;
import wiremock.org.eclipse.jetty.http.HttpHeader;
import wiremock.org.eclipse.jetty.http.HttpStatus;
import wiremock.org.eclipse.jetty.io.Connection;
import wiremock.org.eclipse.jetty.io.EndPoint;
import wiremock.org.eclipse.jetty.io.NetworkTrafficListener;
import wiremock.org.eclipse.jetty.server.ConnectionLimit;
import wiremock.org.eclipse.jetty.server.Connector;
import wiremock.org.eclipse.jetty.server.Handler;
import wiremock.org.eclipse.jetty.server.HttpChannelOverHttp;
import wiremock.org.eclipse.jetty.server.HttpConfiguration;
import wiremock.org.eclipse.jetty.server.HttpConnection;
import wiremock.org.eclipse.jetty.server.HttpConnectionFactory;
import wiremock.org.eclipse.jetty.server.Request;
import wiremock.org.eclipse.jetty.server.Server;
import wiremock.org.eclipse.jetty.server.ServerConnector;
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
 * through. Its limits on slow and idle clients are the server's (see {@link #limited}).
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

  /**
   * A connection that sends nothing for this long is closed: an idle keep-alive one, or one whose
   * request head has stopped coming (the server's keep-alive-timeout; Jetty's default,
   * AbstractConnector's, is 30 s). Jetty counts it from the last byte read or written, so a head
   * that comes a byte a second never times out: {@link #MAX_CONNECTIONS} and {@link
   * #MAX_REQUEST_HEAD_BYTES} bound those clients, as on the server.
   */
  static final long IDLE_TIMEOUT_MILLIS = 20_000;

  /**
   * Connections held at once (the server's max-connections): Jetty's ConnectionLimit stops
   * accepting at the limit (AbstractConnector.setAccepting(false)) and new ones wait in the listen
   * queue. Jetty has no limit by default. On NIO an idle or slow connection holds no thread.
   */
  static final int MAX_CONNECTIONS = 8192;

  /**
   * The listen queue (the server's accept-count). Jetty's default of 0 binds with the JDK's backlog
   * of 50 (ServerConnector.openAcceptChannel, ServerSocketChannel.bind).
   */
  static final int ACCEPT_QUEUE = 100;

  /**
   * The largest request head (request line and headers), the server's 16 KB; WireMock's default is
   * 32 KiB (Jetty11Utils.createHttpConfig). Past it Jetty's 431 is answered as the server's 400.
   */
  static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;

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
        // Called after the connectors are added (JettyHttpServer's constructor); the limit finds
        // them when it starts.
        server.addBean(new ConnectionLimit(MAX_CONNECTIONS, server));
      }

      @Override
      protected ServerConnector createHttpConnector(
          String bindAddress, int port, JettySettings settings, NetworkTrafficListener listener) {
        return limited(super.createHttpConnector(bindAddress, port, settings, listener));
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
                // HTTP/1.1 only (no h2c: AvailabilityMock), so the Host header is the authority.
                Answer refusal =
                    guard.refusal(
                        request.getHeader("Host"),
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
   * WireMock's HTTP connector (an HTTP/1.1 connection factory on an HttpConfiguration:
   * Jetty11HttpServer.createHttpConnector; its h2c factory is off, AvailabilityMock) with the
   * limits above, and HTTP/1.1 connections whose heads over the limit get 400.
   */
  static ServerConnector limited(ServerConnector connector) {
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    HttpConfiguration config =
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
    config.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
    // Replaces the factory of the same protocol (HTTP/1.1), which stays the default.
    connector.addConnectionFactory(new HeadLimitAs400(config));
    return connector;
  }

  /**
   * Jetty's HTTP/1.1 connections, but a head over the limit is a 400, as Tomcat answers it (the
   * server's), not Jetty's 431. Jetty fixes the status before the error handler is asked for a body
   * (HttpChannel.onBadMessage), so the parser's BadMessageException is changed where it arrives,
   * HttpChannelOverHttp.badMessage. The rest is HttpConnectionFactory.newConnection, as in Jetty
   * 11.
   */
  static final class HeadLimitAs400 extends HttpConnectionFactory {

    HeadLimitAs400(HttpConfiguration config) {
      super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
      HttpConnection connection =
          new HttpConnection(
              getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
            @Override
            protected HttpChannelOverHttp newHttpChannel() {
              return new HttpChannelOverHttp(
                  this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
                @Override
                public void badMessage(BadMessageException failure) {
                  super.badMessage(
                      failure.getCode() == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431
                          ? new BadMessageException(HttpStatus.BAD_REQUEST_400, null, failure)
                          : failure);
                }
              };
            }
          };
      connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
      connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
      return configure(connection, connector, endPoint);
    }
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
     * Jetty writes the status line itself (400 for a head over its limit, {@link HeadLimitAs400}),
     * the envelope only the body.
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
