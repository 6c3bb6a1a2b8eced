package org.availkit.mock;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.ErrorCatalogue.Failure;

/**
 * Who may use the admin API ({@code /__admin}): requests sent to this machine by a program on it,
 * or by a page of the mock's own origin, never by another site's page in the developer's browser. A
 * request is refused, with 403 in the envelope, when
 *
 * <ul>
 *   <li>its {@code Host} is not a name of this machine: {@code localhost}, {@code *.localhost},
 *       {@code 127.0.0.0/8}, {@code [::1]}, the bound address, and when bound to every interface
 *       the machine's interface addresses and host name (a page that rebinds its own name to
 *       127.0.0.1 sends its own name: DNS rebinding);
 *   <li>it carries an {@code Origin} other than the mock's own, {@code http://} and the request's
 *       {@code Host} ({@code Origin: null} included): a page of another origin sent it;
 *   <li>it carries a {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}: a page
 *       of another origin sent it, even without an {@code Origin} (a no-cors GET, an image).
 * </ul>
 *
 * With an admin token, a request without {@code Authorization: Token <token>} (WireMock's {@code
 * TokenAuthenticator}'s header, so WireMock's own client works) then gets 401.
 *
 * <p>Most of it is the Host and address parsing (IPv4, IPv6 with brackets and scopes, ports), kept
 * in this one class so that the admin API's guard can be reviewed in one read.
 */
final class AdminGuard {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern PORT = Pattern.compile("\\d{1,5}");

  /**
   * How often a wildcard-bound guard looks at the interfaces again when a Host names none of them.
   */
  private static final long REFRESH_NANOS = 5_000_000_000L;

  private final InetAddress bound;
  private final byte[] expectedAuthorization;
  private volatile Set<InetAddress> addresses = Set.of();
  private volatile Set<String> names = Set.of();

  /**
   * When the interfaces were last listed; first when a Host names none of the fixed names (a lookup
   * of the host name may be slow).
   */
  private volatile long lookedAt = System.nanoTime() - REFRESH_NANOS - 1;

  /**
   * @param bindAddress the address the mock listens on (an IP address)
   * @param adminToken the token the admin API needs; null: none
   */
  AdminGuard(String bindAddress, String adminToken) {
    this.bound = MockOptions.address(bindAddress);
    this.expectedAuthorization =
        adminToken == null ? null : ("Token " + adminToken).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The refusal of an admin request, or null to let it through.
   *
   * @param host the {@code Host} header
   * @param uriHost the host of the request's URI as Jetty has it: the request line's, when it is an
   *     absolute URI, otherwise the {@code Host}'s (null if none)
   * @param origin the {@code Origin} header, or null
   * @param fetchSite the {@code Sec-Fetch-Site} header, or null
   * @param authorizations the {@code Authorization} headers
   */
  Answer refusal(
      String host, String uriHost, String origin, String fetchSite, List<String> authorizations) {
    if (host == null || host.isEmpty()) {
      return forbidden("The admin API needs a Host header naming this machine (localhost).");
    }
    String hostName = hostPart(host);
    if (hostName == null
        || !isThisMachine(hostName)
        || (uriHost != null && !isThisMachine(bracketed(uriHost)))) {
      return forbidden(
          "The admin API answers only requests addressed to this machine (localhost or the address"
              + " the mock listens on), not to "
              + shown(host)
              + ".");
    }
    if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
      return forbidden(
          "The admin API does not answer pages of other origins (Origin: " + shown(origin) + ").");
    }
    if (fetchSite != null
        && !fetchSite.equalsIgnoreCase("same-origin")
        && !fetchSite.equalsIgnoreCase("none")) {
      return forbidden(
          "The admin API does not answer pages of other origins (Sec-Fetch-Site: "
              + shown(fetchSite)
              + ").");
    }
    if (expectedAuthorization != null
        && authorizations.stream()
            .noneMatch(
                a ->
                    MessageDigest.isEqual(
                        a.getBytes(StandardCharsets.UTF_8), expectedAuthorization))) {
      // The admin API's own 401, not the API's: the mock's admin token, its own challenge.
      Failure needsToken =
          new Failure(
              401,
              ErrorCatalogue.Type.UNAUTHORIZED,
              "The admin API needs the mock's admin token: Authorization: Token <the --admin-token>.",
              null,
              List.of(),
              Map.of("WWW-Authenticate", "Token"));
      return Answer.error(needsToken);
    }
    return null;
  }

  private static Answer forbidden(String message) {
    return Answer.error(ErrorCatalogue.forbidden(message));
  }

  /**
   * The host of a {@code Host} value ({@code name}, {@code name:port}, {@code [v6]:port}), or null
   * if it is none.
   */
  private static String hostPart(String host) {
    String name;
    String port = null;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return null;
      }
      name = host.substring(0, close + 1);
      if (close + 1 < host.length()) {
        if (host.charAt(close + 1) != ':') {
          return null;
        }
        port = host.substring(close + 2);
      }
    } else {
      int colon = host.indexOf(':');
      if (colon != host.lastIndexOf(':')) {
        return null;
      }
      name = colon < 0 ? host : host.substring(0, colon);
      port = colon < 0 ? null : host.substring(colon + 1);
    }
    return name.isEmpty() || (port != null && !PORT.matcher(port).matches()) ? null : name;
  }

  private static String bracketed(String uriHost) {
    return uriHost.contains(":") && !uriHost.startsWith("[") ? "[" + uriHost + "]" : uriHost;
  }

  /**
   * Whether a host (a name, a dotted IPv4 address or a bracketed IPv6 one) is one of this
   * machine's; never a lookup.
   */
  private boolean isThisMachine(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    InetAddress ip = literal(name);
    if (ip != null && (ip.isLoopbackAddress() || ip.equals(bound))) {
      return true;
    }
    if (!bound.isAnyLocalAddress()) {
      return false;
    }
    if (ip != null ? addresses.contains(ip) : names.contains(name)) {
      return true;
    }
    // Bound to every interface: addresses come and go (a laptop changes networks), so look (again),
    // now and then.
    if (System.nanoTime() - lookedAt > REFRESH_NANOS) {
      lookAtTheMachine();
      return ip != null ? addresses.contains(ip) : names.contains(name);
    }
    return false;
  }

  /**
   * A dotted IPv4 address or a bracketed IPv6 one as an address, parsed without a lookup; null for
   * a name.
   */
  private static InetAddress literal(String host) {
    String text;
    if (host.startsWith("[") && host.endsWith("]")) {
      text = host.substring(1, host.length() - 1);
      if (text.isEmpty()
          || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return null;
      }
    } else if (IPV4.matcher(host).matches()) {
      text = host;
    } else {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The machine's interface addresses and host name, for a guard bound to every interface. */
  private synchronized void lookAtTheMachine() {
    lookedAt = System.nanoTime();
    Set<InetAddress> found = new HashSet<>();
    Set<String> hostNames = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          // Without the scope (fe80::1%eth0): a Host header's address has none.
          found.add(InetAddress.getByAddress(address.getAddress()));
        }
      }
    } catch (SocketException | UnknownHostException e) {
      // No interfaces to list: loopback names and the bound address only.
    }
    try {
      hostNames.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
    } catch (UnknownHostException e) {
      // A host name that does not resolve: the interfaces' addresses still count.
    }
    addresses = Set.copyOf(found);
    names = Set.copyOf(hostNames);
  }

  /** A header value in a message: cut short, as an attacker may send anything. */
  private static String shown(String value) {
    return value.length() > 100 ? value.substring(0, 100) + "..." : value;
  }
}
