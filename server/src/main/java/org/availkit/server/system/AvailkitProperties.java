package org.availkit.server.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The server's own settings ({@code availkit.*}); each is documented in the README.
 *
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param bootstrapAdmin whether the first start on an empty database creates an admin agent and
 *     writes its credentials to {@code firstStartCredentials}
 * @param firstStartCredentials the file (0600, its directory 0700) the first start writes the
 *     admin's credentials to, relative to the working directory
 * @param authFailures the limit of failed authentications
 * @param agentListsCache how long an agent's roles, permissions and teams are kept in memory after
 *     they were read ({@code 0s}: read on every request); a change to them shows within this time
 * @param agentRowCache whether agents' rows are kept in memory after a read, where this process is
 *     the database's only writer (the embedded H2 database; never on PostgreSQL): a repeated
 *     request then reads nothing from the database, and every write here updates the copy
 * @param cors which other origins' pages may call the API from a browser
 * @param diskCheck how often the embedded database's directory is checked for room to write
 *     (EmbeddedStore): while it has none, writes are answered 503 before they reach the store
 */
@ConfigurationProperties("availkit")
public record AvailkitProperties(
    @DefaultValue("16KB") DataSize maxBodyBytes,
    @DefaultValue("true") boolean bootstrapAdmin,
    @DefaultValue("data/first-start-credentials") Path firstStartCredentials,
    @DefaultValue AuthFailures authFailures,
    @DefaultValue("5s") Duration agentListsCache,
    @DefaultValue("true") boolean agentRowCache,
    @DefaultValue Cors cors,
    @DefaultValue("250ms") Duration diskCheck) {

  /**
   * @param allowedOrigins the origins whose pages may call the API (Spring's origin patterns:
   *     {@code https://*.example.com}, {@code http://localhost:[*]}); none by default, so a server
   *     answers no cross-origin request until an operator lists the origins
   */
  public record Cors(@DefaultValue List<String> allowedOrigins) {}

  /**
   * @param maxPerWindow failed authentications allowed per client address, and per API key, in one
   *     window; further failures get 429 until the window ends
   * @param window the length of a window
   * @param maxTracked how many addresses and keys one window tracks at most (bounds memory)
   */
  public record AuthFailures(
      @DefaultValue("20") int maxPerWindow,
      @DefaultValue("60s") Duration window,
      @DefaultValue("100000") int maxTracked) {}
}
