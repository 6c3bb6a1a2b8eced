package org.availkit.server.error;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.system.DatabaseAvailability;
import org.availkit.server.system.EmbeddedStore;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database out of reach while a filter used it (authentication reads the agent's key before
 * Spring MVC runs): the catalogue's 503, as {@link ApiExceptionHandler} answers it inside Spring
 * MVC, instead of the container's 500. Any other failure goes on as it was.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class DatabaseOutageFilter extends OncePerRequestFilter {

  private final ErrorWriter errors;
  private final DatabaseAvailability database;
  private final EmbeddedStore store;

  DatabaseOutageFilter(ErrorWriter errors, DatabaseAvailability database, EmbeddedStore store) {
    this.errors = errors;
    this.database = database;
    this.store = store;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | IOException | RuntimeException e) {
      if (!database.report(e) && !store.report(e)) {
        throw e;
      }
      errors.write(response, ApiError.of(ErrorCatalogue.databaseUnavailable()));
    }
  }
}
