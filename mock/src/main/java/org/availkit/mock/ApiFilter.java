package org.availkit.mock;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.availkit.contract.ErrorCatalogue;

/**
 * The API, as a WireMock request filter. Each request goes through the same steps as on the server,
 * in the server's order, each a small class of its own: CORS preflight, the spec itself, {@code
 * Prefer} (a documented example on demand), routing (404, 405), authentication (401), validation
 * against the spec (415, 413, 400), then the agent's state. Every answer gets the CORS headers, the
 * configured latency, and any delay or fault the request asked for.
 */
final class ApiFilter implements StubRequestFilterV2 {

  static final String SPEC_PATH = "/api/v1/openapi.yaml";

  private final LiveSpec live;
  private final Cors cors;
  private final Credentials credentials;
  private final AgentApi agents;
  private final int latencyMillis;
  private final Proxy proxy;

  /**
   * @param proxy with {@code --proxy-to}, where every API request goes after CORS; null: the mock
   *     answers
   */
  ApiFilter(
      LiveSpec live,
      Cors cors,
      Credentials credentials,
      AgentApi agents,
      int latencyMillis,
      Proxy proxy) {
    this.live = live;
    this.cors = cors;
    this.credentials = credentials;
    this.agents = agents;
    this.latencyMillis = latencyMillis;
    this.proxy = proxy;
  }

  @Override
  public String getName() {
    return "availability-api";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String method = request.getMethod().getName().toUpperCase(Locale.ROOT);
    String path = request.getUrl().split("\\?", 2)[0];
    Prefer prefer = Prefer.parse(headers(request, "Prefer"));
    // One spec for the whole request, whatever a watched file does meanwhile.
    LiveSpec.Loaded contract = live.current();

    Cors.Verdict cors =
        this.cors.check(
            method,
            path,
            header(request, "Host"),
            header(request, "Origin"),
            header(request, "Access-Control-Request-Method"),
            header(request, "Access-Control-Request-Headers"));
    if (cors.answer() != null) {
      return respond(cors.answer(), prefer);
    }
    if (method.equals("GET") && path.equals(SPEC_PATH)) {
      ResponseDefinitionBuilder response =
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(200)
              .withHeader("Content-Type", "application/yaml")
              .withBody(contract.spec().text());
      cors.headers().forEach(response::withHeader);
      return RequestFilterAction.stopWith(response.build());
    }
    if (proxy != null) {
      return RequestFilterAction.stopWith(proxy.forward(method, path, request, cors.headers()));
    }
    return respond(
        answer(contract, method, path, request, prefer).withHeaders(cors.headers()), prefer);
  }

  private Answer answer(
      LiveSpec.Loaded contract, String method, String path, Request request, Prefer prefer) {
    Map<String, ?> operations = contract.spec().operations(path);
    if (prefer.forcesAnswer() && operations.containsKey(method)) {
      Optional<Answer> documented = documented(contract.spec(), method, path, prefer);
      if (documented.isPresent()) {
        return documented.get();
      }
    }
    boolean api = path.startsWith("/api/");
    Optional<String> apiKey = credentials.authenticate(headers(request, "Authorization"));
    if (api && apiKey.isEmpty()) {
      return Answer.error(ErrorCatalogue.unauthorized());
    }
    if (operations.isEmpty()) {
      return Answer.error(ErrorCatalogue.notFound(method, path));
    }
    if (!operations.containsKey(method)) {
      return Answer.error(
          ErrorCatalogue.methodNotAllowed(method, List.copyOf(operations.keySet())));
    }
    if (method.equals("GET")) {
      return agents.getMe(apiKey.get());
    }
    RequestValidation.Result body =
        contract
            .validation()
            .validate(method, path, header(request, "Content-Type"), request.getBody());
    if (body.error() != null) {
      return body.error();
    }
    return agents.putAvailability(apiKey.get(), body.body());
  }

  /** The documented example for {@code Prefer: code=} / {@code example=}; state is not touched. */
  private Optional<Answer> documented(
      ContractSpec spec, String method, String path, Prefer prefer) {
    int code = prefer.code() != null ? prefer.code() : 200;
    return spec.response(path, method, code, prefer.example())
        .map(r -> new Answer(r.status(), r.headers(), r.body()));
  }

  private RequestFilterAction respond(Answer answer, Prefer prefer) {
    ResponseDefinitionBuilder response =
        ResponseDefinitionBuilder.responseDefinition().withStatus(answer.status());
    answer.headers().forEach(response::withHeader);
    // As the server: every answer names its request (CORS exposes the header, so a page may read
    // it).
    response.withHeader(
        "X-Request-Id", HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    if (answer.body() != null) {
      response.withHeader("Content-Type", "application/json").withBody(answer.bodyBytes());
    }
    int delay = latencyMillis + prefer.delayMillis();
    if (delay > 0) {
      response.withFixedDelay(delay);
    }
    if (prefer.fault() != null && Prefer.FAULTS.contains(prefer.fault())) {
      response.withFault(
          Fault.valueOf(
              prefer
                  .fault()
                  .toUpperCase(Locale.ROOT)
                  .replace("CONNECTION_RESET", "CONNECTION_RESET_BY_PEER")
                  .replace("RANDOM_DATA", "RANDOM_DATA_THEN_CLOSE")
                  .replace("MALFORMED_RESPONSE", "MALFORMED_RESPONSE_CHUNK")));
    }
    return RequestFilterAction.stopWith(response.build());
  }

  private static String header(Request request, String name) {
    HttpHeader header = request.header(name);
    return header == null || !header.isPresent() ? null : header.firstValue();
  }

  private static List<String> headers(Request request, String name) {
    HttpHeader header = request.header(name);
    return header == null || !header.isPresent() ? List.of() : header.values();
  }
}
