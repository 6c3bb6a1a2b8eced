package org.availkit.server.availability;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.AvailabilityRules.Decision;
import org.availkit.contract.AvailabilityRules.Rejection;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.agent.AgentDetails;
import org.availkit.server.agent.AgentRepository.StatusUpdate;
import org.availkit.server.agent.AgentRow;
import org.availkit.server.agent.Agents;
import org.availkit.server.error.ApiError;
import org.availkit.server.system.EmbeddedStore;
import org.availkit.server.system.GroupCommit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies an availability request: the contract's rules decide, the repository writes the decision
 * as one conditional update, and the agent is read back.
 *
 * <p>The answer is always this request's result, even under concurrent requests for the same agent
 * (ConcurrencyIntegrationTest found a version where it was not):
 *
 * <ul>
 *   <li>The agent is read first: its row by the statement that authenticated the request (one read
 *       of the row per request, or none where {@link Agents} keeps rows in memory), then its roles,
 *       permissions and teams. When the request changes nothing from the status read (the same
 *       status again, or an idle change over a manual status), that read is the answer: the request
 *       took effect, as a no-op, at that moment. This is the common case (clients repeat their
 *       status) and it neither writes, nor locks, nor opens a transaction.
 *   <li>Otherwise the conditional update writes the target, one atomic statement. When it changes
 *       the row, the answer is the agent read above with this request's status and {@code
 *       updated_at}: exactly what was written, with no second read (which cost three statements on
 *       every write). The update goes through {@link GroupCommit}: updates that arrive together
 *       share one transaction, and each is answered after its commit. {@code updated_at} is taken
 *       as the update runs, so it follows the order of the writes.
 *   <li>If a concurrent request changed the status between the read and the update, so that the
 *       update matched nothing, then in one transaction the row is locked, the update tried again
 *       under the lock, and the agent read under it.
 * </ul>
 */
@Service
public class AvailabilityService implements DisposableBean {

  /** The most status updates one transaction takes. */
  private static final int MAX_BATCH = 64;

  private record StatusWrite(long agentId, Transition transition) {}

  private final Agents agents;
  private final Clock clock;
  private final TransactionTemplate transaction;

  /** Answers, for each update, the {@code updated_at} it wrote, or null when it matched no row. */
  private final GroupCommit<StatusWrite, OffsetDateTime> writes;

  /** While its disk cannot take a write, writes are answered 503 before they reach the store. */
  private final EmbeddedStore store;

  AvailabilityService(
      Agents agents, Clock clock, PlatformTransactionManager transactions, EmbeddedStore store) {
    this.agents = agents;
    this.store = store;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
    this.writes = new GroupCommit<>("availability-writer", MAX_BATCH, this::applyAll);
  }

  /** Applies {@code requested} to the agent of {@code row}, the row its authentication read. */
  public AgentDetails update(AgentRow row, RequestedStatus requested, Source source) {
    Decision decision = AvailabilityRules.decide(requested, source);
    if (decision instanceof Rejection rejection) {
      throw ApiError.of(
          ErrorCatalogue.input(rejection.message(), rejection.field(), rejection.allowedValues()));
    }
    Transition transition = (Transition) decision;
    long agentId = row.id();
    AgentDetails current = agents.details(row);
    if (!transition.appliesTo(current.availabilityStatus())) {
      return current;
    }
    if (!store.writable()) {
      throw ApiError.of(ErrorCatalogue.databaseUnavailable());
    }
    OffsetDateTime written = writes.submit(new StatusWrite(agentId, transition));
    if (written != null) {
      return current.withStatus(transition.target(), written);
    }
    return transaction.execute(status -> writeLocked(agentId, transition));
  }

  private List<OffsetDateTime> applyAll(List<StatusWrite> batch) {
    return transaction.execute(
        status -> {
          // One JDBC batch (AgentRepository.applyAll). The time of each update is taken in order,
          // so that updated_at follows the writes' order.
          List<StatusUpdate> updates = new ArrayList<>(batch.size());
          for (StatusWrite write : batch) {
            updates.add(new StatusUpdate(write.agentId(), write.transition(), now()));
          }
          boolean[] changed = agents.applyAll(updates);
          List<OffsetDateTime> written = new ArrayList<>(batch.size());
          for (int i = 0; i < changed.length; i++) {
            written.add(changed[i] ? updates.get(i).now() : null);
          }
          return written;
        });
  }

  private AgentDetails writeLocked(long agentId, Transition transition) {
    if (!agents.lock(agentId)) {
      throw ApiError.of(ErrorCatalogue.unauthorized());
    }
    agents.apply(agentId, transition, now());
    return agents.findById(agentId).orElseThrow(() -> ApiError.of(ErrorCatalogue.unauthorized()));
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  /**
   * After the web server has drained its requests: the writer answers what is queued, then stops.
   */
  @Override
  public void destroy() throws InterruptedException {
    writes.close();
  }
}
