package org.availkit.mock;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request's {@code Content-Type}, decided as the server decides it, and what WireMock is shown
 * of it.
 *
 * <p>The server's endpoint consumes {@code application/json} (the generated interface's {@code
 * consumes}): Spring parses the header with {@code MediaType.parseMediaType} and the endpoint takes
 * it when {@code application/json} includes it, parameters aside ({@code
 * ConsumesRequestCondition}); a header Spring cannot parse is a 415 too. So {@code
 * application/merge-patch+json} is a 415 on the server, and here. {@link #isJson} follows
 * spring-core 7.0.10's {@code MimeTypeUtils.parseMimeTypeInternal}, {@code MimeType}'s constructor,
 * {@code checkParameters} and {@code checkToken}, and spring-web's {@code
 * MediaType.checkParameters} (read with javap).
 */
final class ContentType {

  /**
   * What WireMock is shown for a type that is not JSON: a plain token type, whose one parameter is
   * the type as sent, percent-encoded (a token), for the 415's message.
   */
  static final String NOT_JSON = "application/x-availkit-not-json";

  private static final String SENT = "; sent=";

  /** RFC 7230's token characters, as Spring's {@code MimeType.TOKEN}. */
  private static final BitSet TOKEN = new BitSet(128);

  static {
    TOKEN.set(32, 127);
    "()<>@,;:\\\"/[]?={} ".chars().forEach(TOKEN::clear);
  }

  private ContentType() {}

  /** Whether the server's endpoint takes a body of this type. */
  static boolean isJson(String contentType) {
    return parse(contentType) != null;
  }

  /**
   * The parameters of an {@code application/json} type as Spring parses them, or null if the type
   * is not that or Spring refuses it.
   */
  private static Map<String, String> parse(String contentType) {
    if (contentType == null || contentType.isEmpty()) {
      return null;
    }
    int index = contentType.indexOf(';');
    String full = (index >= 0 ? contentType.substring(0, index) : contentType).trim();
    int slash = full.indexOf('/');
    if (slash <= 0 || slash == full.length() - 1) {
      return null;
    }
    String type = full.substring(0, slash);
    String subtype = full.substring(slash + 1);
    if (!token(type)
        || !token(subtype)
        || !type.equalsIgnoreCase("application")
        || !subtype.equalsIgnoreCase("json")) {
      return null;
    }
    // Spring's loop: parameters split at ';' outside quotes (a '"' after a '\' inside quotes does
    // not close them); a later parameter of the same name replaces an earlier one; one without '='
    // is dropped.
    Map<String, String> parameters = new LinkedHashMap<>();
    while (index >= 0 && index < contentType.length()) {
      int next = index + 1;
      boolean quoted = false;
      while (next < contentType.length()) {
        char c = contentType.charAt(next);
        if (c == ';' && !quoted) {
          break;
        }
        if (c == '"' && !(quoted && contentType.charAt(next - 1) == '\\')) {
          quoted = !quoted;
        }
        next++;
      }
      String parameter = contentType.substring(index + 1, next).trim();
      int eq = parameter.indexOf('=');
      if (eq >= 0) {
        parameters.put(parameter.substring(0, eq).trim(), parameter.substring(eq + 1).trim());
      }
      index = next;
    }
    Map<String, String> checked = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String name = p.getKey();
      String value = p.getValue();
      if (name.isEmpty() || value.isEmpty() || !token(name) || !(quoted(value) || token(value))) {
        return null;
      }
      if (name.equals("q") && !quality(unquote(value))) {
        return null;
      }
      checked.put(name, value);
    }
    String charset = checked.get("charset");
    if (charset != null && charset(unquote(charset)) == null) {
      return null;
    }
    return checked;
  }

  /**
   * The type WireMock is shown, or null to show it the type as sent. WireMock 3.13.2 reads the type
   * itself (its WireMockHttpServletRequestAdapter and LoggedRequest, read with javap): for {@code
   * multipart/...} it parses the body's parts as the request comes in (PartParser, through
   * LoggedRequest.createFrom, for every request, before any filter; a missing boundary or a
   * malformed body is a FileUploadException and Jetty's HTML 500), for a type containing {@code
   * application/x-www-form-urlencoded} it decodes the body as a form in its constructor (an unknown
   * charset is an UnsupportedCharsetException), and the journal decodes every body with the type's
   * first {@code charset} as it reads it (Charset.forName on the untrimmed value: {@code charset =
   * utf-8} fails, and lists of requests answer a 500). It never calls the servlet's getParts.
   *
   * <p>So a type that is not JSON is shown as {@link #NOT_JSON} (the endpoint refuses it anyway),
   * and a JSON type that WireMock would misread as {@code application/json} with the charset Spring
   * reads; a JSON type it reads safely (the usual ones) is left as sent, so that the journal shows
   * it as sent.
   */
  static String shownToWireMock(String contentType) {
    if (contentType == null) {
      return null;
    }
    Map<String, String> json = parse(contentType);
    if (json == null) {
      return NOT_JSON + SENT + URLEncoder.encode(contentType, StandardCharsets.UTF_8);
    }
    if (!contentType.contains("application/x-www-form-urlencoded")
        && wireMockReadsItsCharset(contentType)) {
      return null;
    }
    String charset = json.get("charset");
    return charset == null
        ? "application/json"
        : "application/json; charset=" + charset(unquote(charset)).name();
  }

  /** The type as the client sent it, from what WireMock was shown. */
  static String sent(String shown) {
    if (shown != null && shown.startsWith(NOT_JSON + SENT)) {
      try {
        return URLDecoder.decode(
            shown.substring(NOT_JSON.length() + SENT.length()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return shown;
      }
    }
    return shown;
  }

  /** WireMock's ContentTypeHeader.charset(): the first part matching charset=, split at '='. */
  private static boolean wireMockReadsItsCharset(String contentType) {
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].matches("\\s*charset\\s*=.*")) {
        String[] split = parts[i].split("=");
        return split.length > 1 && charset(split[1].replace("\"", "")) != null;
      }
    }
    return true;
  }

  private static boolean token(String s) {
    return s.chars().allMatch(c -> c < 128 && TOKEN.get(c));
  }

  private static boolean quoted(String s) {
    return s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'")));
  }

  private static String unquote(String s) {
    return quoted(s) ? s.substring(1, s.length() - 1) : s;
  }

  private static boolean quality(String value) {
    try {
      double q = Double.parseDouble(value);
      return q >= 0 && q <= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      // IllegalCharsetNameException and UnsupportedCharsetException both.
      return null;
    }
  }
}
