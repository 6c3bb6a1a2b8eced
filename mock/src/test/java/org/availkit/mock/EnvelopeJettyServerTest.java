package org.availkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.availkit.contract.ErrorCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link EnvelopeJettyServer} relies on in WireMock's shaded Jetty, so that a WireMock upgrade
 * that changes it fails here, naming what changed, rather than as a stray difference in the
 * contract tests: the hooks it overrides and the Jetty methods it calls (looked up by name, so a
 * rename is reported, not only a compile error), and, running, that its error handler, its CONNECT
 * refusal and its admin context without CORS are the ones answering.
 */
class EnvelopeJettyServerTest {

  private static final String JETTY = "wiremock.org.eclipse.jetty.";
  private static final String SERVLET = "wiremock.jakarta.servlet.http.";
  private static final String WIREMOCK = "com.github.tomakehurst.wiremock.";

  static AvailabilityMock mock;

  @BeforeAll
  static void start() {
    mock = MockTestSupport.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void theShadedJettyMethodsItUsesAreStillThere() {
    List<String> missing = new ArrayList<>();
    String server = WIREMOCK + "jetty11.Jetty11HttpServer";
    String options = WIREMOCK + "core.Options";
    hook(
        missing,
        server,
        "applyAdditionalServerConfiguration",
        void.class.getName(),
        JETTY + "server.Server",
        options);
    hook(
        missing,
        server,
        "createHandler",
        JETTY + "server.Handler",
        options,
        WIREMOCK + "http.AdminRequestHandler",
        WIREMOCK + "http.StubRequestHandler");
    hook(
        missing,
        server,
        "decorateAdminServiceContextAfterConfig",
        void.class.getName(),
        JETTY + "servlet.ServletContextHandler");
    hook(
        missing,
        server,
        "createHttpConnector",
        JETTY + "server.ServerConnector",
        String.class.getName(),
        int.class.getName(),
        WIREMOCK + "common.JettySettings",
        JETTY + "io.NetworkTrafficListener");
    hook(
        missing,
        JETTY + "server.HttpConnectionFactory",
        "newConnection",
        JETTY + "io.Connection",
        JETTY + "server.Connector",
        JETTY + "io.EndPoint");
    hook(
        missing,
        JETTY + "server.HttpConnection",
        "newHttpChannel",
        JETTY + "server.HttpChannelOverHttp");
    hook(
        missing,
        JETTY + "server.HttpChannelOverHttp",
        "badMessage",
        void.class.getName(),
        JETTY + "http.BadMessageException");
    hook(
        missing,
        JETTY + "server.ConnectionLimit",
        "onOpened",
        void.class.getName(),
        JETTY + "io.Connection");
    String errors = JETTY + "server.handler.ErrorHandler";
    hook(missing, errors, "errorPageForMethod", boolean.class.getName(), String.class.getName());
    hook(
        missing,
        errors,
        "badMessageError",
        "java.nio.ByteBuffer",
        int.class.getName(),
        String.class.getName(),
        JETTY + "http.HttpFields$Mutable");
    hook(
        missing,
        errors,
        "generateAcceptableResponse",
        void.class.getName(),
        JETTY + "server.Request",
        SERVLET + "HttpServletRequest",
        SERVLET + "HttpServletResponse",
        int.class.getName(),
        String.class.getName());
    hook(
        missing,
        JETTY + "server.handler.HandlerWrapper",
        "handle",
        void.class.getName(),
        String.class.getName(),
        JETTY + "server.Request",
        SERVLET + "HttpServletRequest",
        SERVLET + "HttpServletResponse");
    hook(missing, JETTY + "server.Server", "setErrorHandler", void.class.getName(), errors);
    hook(
        missing,
        JETTY + "servlet.ServletContextHandler",
        "insertHandler",
        void.class.getName(),
        JETTY + "server.handler.HandlerWrapper");
    hook(
        missing,
        JETTY + "servlet.ServletContextHandler",
        "getServletHandler",
        JETTY + "servlet.ServletHandler");
    String servlets = JETTY + "servlet.ServletHandler";
    hook(missing, servlets, "getFilters", "[L" + JETTY + "servlet.FilterHolder;");
    hook(missing, servlets, "getFilterMappings", "[L" + JETTY + "servlet.FilterMapping;");
    hook(
        missing,
        servlets,
        "removeFilterMapping",
        void.class.getName(),
        JETTY + "servlet.FilterMapping");
    hook(
        missing,
        servlets,
        "removeFilterHolder",
        void.class.getName(),
        JETTY + "servlet.FilterHolder");
    hook(missing, JETTY + "servlet.FilterHolder", "getHeldClass", Class.class.getName());
    hook(missing, JETTY + "servlet.FilterHolder", "getClassName", String.class.getName());
    hook(missing, JETTY + "servlet.FilterHolder", "getName", String.class.getName());
    hook(missing, JETTY + "server.Request", "getHttpURI", JETTY + "http.HttpURI");
    hook(
        missing,
        JETTY + "server.Request",
        "setHandled",
        void.class.getName(),
        boolean.class.getName());
    hook(
        missing,
        JETTY + "http.HttpStatus",
        "getMessage",
        String.class.getName(),
        int.class.getName());
    assertClass(missing, JETTY + "servlets.CrossOriginFilter");
    assertThat(missing)
        .as(
            "WireMock's shaded Jetty changed: EnvelopeJettyServer overrides or calls these, as in WireMock 3.13.2")
        .isEmpty();
  }

  /**
   * A request Jetty refuses before WireMock sees it gets the envelope from EnvelopeErrorHandler.
   */
  @Test
  void jettysOwnErrorsAreAnsweredByTheEnvelopeErrorHandler() {
    String answer =
        rawExchange(
            "GET /api/v1/agents/me%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(answer)
        .as(
            "Jetty's own error page answered a bad URI, not EnvelopeErrorHandler: does WireMock still call"
                + " applyAdditionalServerConfiguration after setting its own error handler?")
        .startsWith("HTTP/1.1 400 ")
        .containsIgnoringCase("Content-Type: application/json");
    assertEnvelope(body(answer), ErrorCatalogue.requestNotValid("Bad Request"));
  }

  /**
   * A request head over 16 KiB is the server's 400 in the envelope, not Jetty's 431; under it, the
   * request is answered. (WireMock's own limit, 32 KiB, let a head of 20 KiB through.)
   */
  @Test
  void aHeadOver16KibIsThe400OfTheServer() {
    for (int size : List.of(20 * 1024, 64 * 1024)) {
      String tooLarge = rawExchange(headOf(size));
      assertThat(tooLarge)
          .as("a head of %d bytes: Jetty's 431 is not the server's answer", size)
          .startsWith("HTTP/1.1 400 ")
          .containsIgnoringCase("Content-Type: application/json");
      assertEnvelope(body(tooLarge), ErrorCatalogue.requestNotValid("Bad Request"));
    }
    assertThat(rawExchange(headOf(15 * 1024))).startsWith("HTTP/1.1 401 ");
  }

  /**
   * A request offering the h2c upgrade (as Java's HttpClient sends by default) is answered over
   * HTTP/1.1, as Tomcat (the server) answers it: Jetty's h2c upgrade stalled or cut a few requests
   * in a hundred of a fresh client each.
   */
  @Test
  void anH2cUpgradeIsAnsweredOverHttp11LikeOnTheServer() {
    String answer =
        rawExchange(
            "GET /api/v1/openapi.yaml HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade,"
                + " HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAABk\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("Upgrade: h2c");
  }

  /** A GET whose head is {@code size} bytes long, padded with a header. */
  private static String headOf(int size) {
    String start = "GET /api/v1/agents/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    String pad = "X-Big: \r\n\r\n";
    return start + "X-Big: " + "a".repeat(size - start.length() - pad.length()) + "\r\n\r\n";
  }

  /** CONNECT, which Jetty would take as a tunnel, gets the server's 405 from the outer handler. */
  @Test
  void connectIsRefusedByTheOuterHandler() {
    String answer = rawExchange("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n");
    assertThat(answer)
        .as(
            "CONNECT not refused by EnvelopeJettyServer's handler: does WireMock still use createHandler's result?")
        .startsWith("HTTP/1.1 405 ");
    assertEnvelope(body(answer), ErrorCatalogue.methodNotAllowedHere("CONNECT"));
  }

  /** The admin context has no CrossOriginFilter and is behind the guard. */
  @Test
  void theAdminContextHasNoCorsAndIsGuarded() {
    MockTestSupport.Raw preflight =
        MockTestSupport.raw(
            mock,
            "OPTIONS",
            "/__admin/mappings",
            "localhost",
            Map.of("Origin", "http://localhost", "Access-Control-Request-Method", "GET"),
            null);
    assertThat(preflight.headers())
        .as(
            "WireMock's CrossOriginFilter answered in the admin context: withoutCrossOriginFilter no longer finds it")
        .doesNotContainKey("access-control-allow-origin");
    MockTestSupport.Raw elsewhere =
        MockTestSupport.raw(mock, "GET", "/__admin/mappings", "example.com", Map.of(), null);
    assertThat(elsewhere.status())
        .as(
            "the admin guard did not answer: does WireMock still call decorateAdminServiceContextAfterConfig?")
        .isEqualTo(403);
    assertThat(json(elsewhere.body()).path("error_type").asText()).isEqualTo("PermissionException");
  }

  /**
   * No request reaches WireMock's own reading of a type it would fail on (WireMock's multipart
   * parser, its form decoding, the journal's charset): multipart whatever its boundary, a form with
   * a charset Java does not know, a JSON type with a spaced charset are the server's answers, a GET
   * with any of them the agent, and the journal still lists them.
   */
  @Test
  void typesWireMockWouldFailOnAreAnsweredAsTheServerAnswersThem() {
    String path = "/api/v1/agents/me/availability";
    String before = me().path("availability_status").asText();
    for (String type :
        List.of(
            "multipart/form-data",
            "multipart/form-data; boundary=x",
            "multipart/mixed",
            " MULTIPART/related; boundary=\"",
            "application/x-www-form-urlencoded; charset=bogus",
            "application/x-www-form-urlencoded; charset=\"no such\"",
            "text/plain; charset=",
            "application/json; foo=")) {
      for (String body :
          List.of("{\"status\":\"away\"}", "--x\r\nContent-Disposition: form-data\r\n\r\n%zz")) {
        MockTestSupport.Raw answer =
            MockTestSupport.raw(
                mock,
                "PUT",
                path,
                "localhost",
                Map.of("Authorization", MockTestSupport.DEMO, "Content-Type", type),
                body);
        assertThat(answer.status()).as("%s: %s", type, answer.body()).isEqualTo(415);
        assertEnvelope(json(answer.body()), ErrorCatalogue.unsupportedMediaType(type.strip()));
      }
      MockTestSupport.Raw get =
          MockTestSupport.raw(
              mock,
              "GET",
              "/api/v1/agents/me",
              "localhost",
              Map.of("Authorization", MockTestSupport.DEMO, "Content-Type", type),
              "a=%zz");
      assertThat(get.status()).as("GET with %s: %s", type, get.body()).isEqualTo(200);
    }
    // A JSON type WireMock would read the charset of as " utf-8" (untrimmed): the server takes it.
    MockTestSupport.Raw spaced =
        MockTestSupport.raw(
            mock,
            "PUT",
            path,
            "localhost",
            Map.of(
                "Authorization",
                MockTestSupport.DEMO,
                "Content-Type",
                "application/json ; charset = utf-8"),
            "{\"status\":\"" + before + "\"}");
    assertThat(spaced.status()).as(spaced.body()).isEqualTo(200);
    assertThat(me().path("availability_status").asText()).isEqualTo(before);
    MockTestSupport.Raw journal =
        MockTestSupport.raw(mock, "GET", "/__admin/requests", "localhost", Map.of(), null);
    assertThat(journal.status()).as("the journal after them: %s", journal.body()).isEqualTo(200);
  }

  private static JsonNode me() {
    MockTestSupport.Raw me =
        MockTestSupport.raw(
            mock,
            "GET",
            "/api/v1/agents/me",
            "localhost",
            Map.of("Authorization", MockTestSupport.DEMO),
            null);
    assertThat(me.status()).isEqualTo(200);
    return json(me.body()).path("data");
  }

  private static void hook(
      List<String> missing, String className, String name, String returns, String... parameters) {
    Class<?> type = load(missing, className);
    if (type == null) {
      return;
    }
    String wanted =
        returns + " " + className + "." + name + "(" + String.join(", ", parameters) + ")";
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (method.getName().equals(name)
            && !Modifier.isPrivate(method.getModifiers())
            && method.getReturnType().getName().equals(returns)
            && List.of(parameters)
                .equals(
                    List.of(method.getParameterTypes()).stream().map(Class::getName).toList())) {
          return;
        }
      }
    }
    missing.add(wanted);
  }

  private static void assertClass(List<String> missing, String className) {
    load(missing, className);
  }

  private static Class<?> load(List<String> missing, String className) {
    try {
      return Class.forName(className, false, EnvelopeJettyServerTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      missing.add("class " + className);
      return null;
    }
  }

  private static void assertEnvelope(JsonNode body, ErrorCatalogue.Failure expected) {
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("error_type").asText()).isEqualTo(expected.type().wire());
    assertThat(body.path("message").asText()).isEqualTo(expected.message());
  }

  private static String rawExchange(String request) {
    try (Socket socket = new Socket("127.0.0.1", mock.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode body(String answer) {
    return json(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  private static JsonNode json(String body) {
    try {
      return Answer.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
