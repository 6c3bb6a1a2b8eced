package org.availkit.server.system;

import org.availkit.server.error.ErrorWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON mapper as Spring Boot builds it (with WebConfig's settings), for unit tests
 * without a context.
 */
public final class ContractJson {

  private ContractJson() {}

  public static JsonMapper mapper() {
    JsonMapper.Builder builder = JsonMapper.builder();
    new WebConfig().contractJson().customize(builder);
    return builder.build();
  }

  public static ErrorWriter errorWriter() {
    return new ErrorWriter(mapper());
  }
}
