package org.availkit.mock;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request.Method;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.Source;

/**
 * A request body checked as the server checks it, in the server's order: media type (415), size
 * (413), one JSON object without duplicate keys (400 {@code body}), then the spec's schema through
 * Atlassian's validator (400 naming the field and the values the spec allows).
 *
 * <p>It is long because it is every check the spec makes of a request, in the server's order, so
 * that the mock refuses what the server refuses, with the same answer.
 */
final class RequestValidation {

  /** Parses as the server does: duplicate keys and anything after the object are errors. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private static final String ONE_OF = "validation.request.body.schema.oneOf";
  private static final String STATUS = "status";
  private static final String SOURCE = "source";

  private final ContractSpec spec;
  private final CompletableFuture<OpenApiInteractionValidator> validator;
  private final int maxBodyBytes;

  RequestValidation(ContractSpec spec, int maxBodyBytes) {
    this.spec = spec;
    // Built on a thread of its own (it parses the spec again, in its own way): the mock's start
    // goes on meanwhile, and awaitReady() waits for it before the mock takes requests.
    this.validator =
        Background.supply(
            "request-validator",
            () -> {
              OpenApiInteractionValidator built =
                  OpenApiInteractionValidator.createForInlineApiSpecification(spec.text()).build();
              warmUp(built);
              return built;
            });
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Validates an empty object against every operation that takes a body, on the validator's own
   * thread while the mock starts, so that the first request does not pay for loading its schema
   * machinery (bench/README.md). Its verdicts are not kept.
   */
  private void warmUp(OpenApiInteractionValidator built) {
    spec.api()
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          if (operation.getRequestBody() != null) {
                            built.validateRequest(
                                new SimpleRequest.Builder(Method.valueOf(method.name()), path)
                                    .withContentType("application/json")
                                    .withBody("{}")
                                    .build());
                          }
                        }));
  }

  /** Waits until the validator is built; throws what building it threw. */
  void awaitReady() {
    Background.join(validator);
  }

  /** Atlassian's validator on the mock's spec, once built: the proxy's too ({@link Proxy}). */
  OpenApiInteractionValidator validator() {
    return Background.join(validator);
  }

  /** The parsed body, or the error answer. */
  record Result(JsonNode body, Answer error) {}

  Result validate(String method, String path, String contentType, byte[] body) {
    if (!ContentType.isJson(contentType)) {
      return failed(
          Answer.error(ErrorCatalogue.unsupportedMediaType(ContentType.sent(contentType))));
    }
    if (body != null && body.length > maxBodyBytes) {
      return failed(Answer.error(ErrorCatalogue.payloadTooLarge(maxBodyBytes)));
    }
    if (body == null || body.length == 0) {
      return failed(Answer.error(ErrorCatalogue.bodyMissing()));
    }
    JsonNode json;
    try {
      json = STRICT.readTree(body);
    } catch (java.io.IOException e) {
      return failed(Answer.error(ErrorCatalogue.bodyNotJson()));
    }
    if (json == null || !json.isObject()) {
      return failed(Answer.error(ErrorCatalogue.bodyNotAnObject()));
    }
    String canonical = json.toString();
    String key = method + " " + path + " " + canonical;
    Optional<Answer> schemaError = verdicts.get(key);
    if (schemaError == null) {
      ValidationReport report =
          Background.join(validator)
              .validateRequest(
                  new SimpleRequest.Builder(Method.valueOf(method), path)
                      .withContentType("application/json")
                      .withBody(canonical)
                      .build());
      schemaError =
          describe(
              method,
              path,
              json,
              report.getMessages().stream()
                  .filter(m -> m.getKey().startsWith("validation.request.body"))
                  .toList());
      remember(key, schemaError);
    }
    return schemaError.map(RequestValidation::failed).orElseGet(() -> new Result(json, null));
  }

  /**
   * The validator's verdicts on bodies seen before. The verdict depends on the operation and the
   * body alone, and clients send a handful of distinct bodies again and again, while validating is
   * the mock's own largest cost (bench/README.md). Bounded: emptied when full.
   */
  private final Map<String, Optional<Answer>> verdicts = new ConcurrentHashMap<>();

  private static final int MAX_VERDICTS = 1024;

  private void remember(String key, Optional<Answer> verdict) {
    if (key.length() > 1024) {
      return;
    }
    if (verdicts.size() >= MAX_VERDICTS) {
      verdicts.clear();
    }
    verdicts.put(key, verdict);
  }

  /**
   * The answer to a body the schema refuses, as the server gives it: the first field named, with
   * {@code source} before {@code status} (the values a status may take depend on the source), and
   * for {@code status} the values allowed with the body's source. A body refused only by the
   * schema's {@code oneOf} (an idle change to a manual status) passes: the rules refuse it in
   * {@link AgentApi}, with the server's message.
   */
  private Optional<Answer> describe(
      String method, String path, JsonNode json, List<ValidationReport.Message> messages) {
    return messages.stream()
        .filter(m -> !m.getKey().equals(ONE_OF))
        .map(RequestValidation::field)
        .map(field -> field.contains("/") ? field.substring(0, field.indexOf('/')) : field)
        .min(Comparator.comparing(field -> !field.equals(SOURCE)))
        .map(
            field -> {
              List<String> allowed =
                  field.equals(STATUS)
                      ? AvailabilityRules.allowedStatuses(sourceOf(json))
                      : spec.allowedValues(path, method, field);
              JsonNode value = json.get(field);
              return Answer.error(
                  value == null || value.isNull()
                      ? ErrorCatalogue.missing(field, allowed)
                      : ErrorCatalogue.invalid(field, allowed));
            });
  }

  private static String field(ValidationReport.Message message) {
    String field =
        message
            .getContext()
            .flatMap(ValidationReport.MessageContext::getPointers)
            .map(p -> p.getInstance().replaceFirst("^/", ""))
            .filter(p -> !p.isEmpty())
            .orElse(null);
    if (field == null) {
      Matcher quoted = QUOTED.matcher(message.getMessage());
      field = quoted.find() ? quoted.group(1) : "body";
    }
    return field;
  }

  /**
   * The body's source when it is one of the spec's, else the default (a wrong source is named first
   * anyway).
   */
  private static Source sourceOf(JsonNode json) {
    JsonNode source = json.get(SOURCE);
    return Arrays.stream(Source.values())
        .filter(s -> source != null && source.isTextual() && s.wire().equals(source.asText()))
        .findFirst()
        .orElse(Source.USER);
  }

  private static Result failed(Answer answer) {
    return new Result(null, answer);
  }
}
