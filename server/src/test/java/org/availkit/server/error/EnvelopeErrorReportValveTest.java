package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.OutputBuffer;
import org.availkit.server.system.ContractJson;
import org.availkit.server.system.TestSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Tomcat's error report for what never reached the application, as the envelope: on Tomcat's own
 * request and response objects (not started, the body collected), and the valve in place of
 * Tomcat's on the host.
 */
class EnvelopeErrorReportValveTest {

  private static final String APP = "http://app.test";

  private final EnvelopeErrorReportValve valve =
      new EnvelopeErrorReportValve(ContractJson.errorWriter(), TestSettings.cors(List.of(APP)));

  @Test
  void aRequestTomcatRefusedIsAnsweredWithTheEnvelope() throws Exception {
    Exchange exchange = new Exchange("GET", "/api/v1/agents/me", 400);
    valve.report(exchange.request, exchange.response, null);

    assertThat(exchange.response.getStatus()).isEqualTo(400);
    assertThat(exchange.response.getContentType()).startsWith("application/json");
    JsonNode body = exchange.body();
    assertThat(body.path("error_type").asString()).isEqualTo("InputException");
    assertThat(body.path("message").asString())
        .isEqualTo("The request is not valid (Bad Request).");
    assertThat(exchange.response.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void aDrainingServersAnswerAsksForARetryAndCarriesAnAllowedOriginsHeaders() throws Exception {
    Exchange exchange = new Exchange("PUT", "/api/v1/agents/me/availability", 503);
    exchange.request.getCoyoteRequest().getMimeHeaders().addValue("Origin").setString(APP);

    valve.report(exchange.request, exchange.response, null);

    assertThat(exchange.response.getStatus()).isEqualTo(503);
    assertThat(exchange.response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(exchange.response.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
    assertThat(exchange.body().path("message").asString())
        .isEqualTo("The server is shutting down. Try again.");
  }

  @Test
  void nothingIsSaidForASuccessAnAnswerAlreadyWrittenOrAnErrorAlreadyReported() throws Exception {
    Exchange success = new Exchange("GET", "/api/v1/agents/me", 302);
    valve.report(success.request, success.response, null);
    assertThat(success.written()).isEmpty();
    assertThat(success.response.getContentType()).isNull();

    Exchange written = new Exchange("GET", "/api/v1/agents/me", 200);
    written.response.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
    written.response.flushBuffer();
    written.response.setStatus(500);
    written.response.setError();
    valve.report(written.request, written.response, null);
    assertThat(new String(written.written(), StandardCharsets.UTF_8)).isEqualTo("partial");

    Exchange reported = new Exchange("GET", "/api/v1/agents/me", 404);
    reported.response.setErrorReported();
    valve.report(reported.request, reported.response, null);
    assertThat(reported.written()).isEmpty();
  }

  @Test
  void theInstallerPutsTheValveInPlaceOfTomcatsOnTheHost() throws Exception {
    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
    new EnvelopeErrorReportValve.Installer(ContractJson.errorWriter(), TestSettings.cors(List.of()))
        .customize(factory);
    StandardHost host = new StandardHost();
    ErrorReportValve stock = new ErrorReportValve();
    AccessLogValve accessLog = new AccessLogValve();
    host.getPipeline().addValve(accessLog);
    host.getPipeline().addValve(stock);
    StandardContext context = new StandardContext();
    context.setParent(host);
    factory.getContextCustomizers().forEach(customizer -> customizer.customize(context));

    for (LifecycleListener listener : context.findLifecycleListeners()) {
      listener.lifecycleEvent(new LifecycleEvent(context, Lifecycle.AFTER_START_EVENT, null));
    }
    assertThat(host.getPipeline().getValves()).contains(stock);

    for (LifecycleListener listener : context.findLifecycleListeners()) {
      listener.lifecycleEvent(new LifecycleEvent(context, Lifecycle.BEFORE_START_EVENT, null));
    }
    Valve[] valves = host.getPipeline().getValves();
    assertThat(valves).doesNotContain(stock).contains(accessLog);
    assertThat(Arrays.stream(valves).filter(EnvelopeErrorReportValve.class::isInstance)).hasSize(1);
  }

  @Test
  void aContextOutsideAHostIsLeftAlone() {
    TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
    new EnvelopeErrorReportValve.Installer(ContractJson.errorWriter(), TestSettings.cors(List.of()))
        .customize(factory);
    StandardContext context = new StandardContext();
    factory.getContextCustomizers().forEach(customizer -> customizer.customize(context));
    for (LifecycleListener listener : context.findLifecycleListeners()) {
      listener.lifecycleEvent(new LifecycleEvent(context, Lifecycle.BEFORE_START_EVENT, null));
    }
    assertThat(context.getParent()).isNull();
  }

  /** Tomcat's request and response for one exchange, the response's bytes collected. */
  private static final class Exchange {
    final Request request;
    final Response response;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Exchange(String method, String path, int status) {
      org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
      coyoteRequest.method().setString(method);
      coyoteRequest.requestURI().setString(path);
      coyoteRequest.decodedURI().setString(path);
      coyoteRequest.scheme().setString("http");
      coyoteRequest.serverName().setString("localhost");
      coyoteRequest.setServerPort(8080);
      org.apache.coyote.Response coyoteResponse = new org.apache.coyote.Response();
      coyoteResponse.setOutputBuffer(
          new OutputBuffer() {
            long written;

            @Override
            public int doWrite(ByteBuffer chunk) {
              int n = chunk.remaining();
              byte[] bytes = new byte[n];
              chunk.get(bytes);
              out.write(bytes, 0, n);
              written += n;
              return n;
            }

            @Override
            public long getBytesWritten() {
              return written;
            }
          });
      coyoteRequest.setResponse(coyoteResponse);
      coyoteResponse.setRequest(coyoteRequest);
      request = new Request(new Connector(), coyoteRequest);
      // How Tomcat's adapter ties the two requests together; its output buffer looks the request up
      // so.
      coyoteRequest.setNote(CoyoteAdapter.ADAPTER_NOTES, request);
      response = new Response(coyoteResponse);
      request.setResponse(response);
      response.setRequest(request);
      response.setStatus(status);
      if (status >= 400) {
        // As sendError and Tomcat's own refusals leave it: an error, the response suspended.
        response.setError();
        response.setSuspended(true);
      }
    }

    byte[] written() {
      return out.toByteArray();
    }

    JsonNode body() {
      return ContractJson.mapper().readTree(written());
    }
  }
}
