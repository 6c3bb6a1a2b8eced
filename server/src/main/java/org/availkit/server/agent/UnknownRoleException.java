package org.availkit.server.agent;

import java.util.List;

/** A role named when creating an agent does not exist. */
public class UnknownRoleException extends RuntimeException {

  UnknownRoleException(String role, List<String> known) {
    super("Unknown role '" + role + "'. Known roles: " + String.join(", ", known) + ".");
  }
}
