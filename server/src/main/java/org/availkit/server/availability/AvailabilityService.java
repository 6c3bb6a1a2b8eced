package org.availkit.server.availability;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 *       share one transaction, and each is answered after its commit.
 *   <li>If a concurrent request changed the status between the read and the update, so that the
 *       update matched nothing, then in the same transaction the row is locked, the update tried
 *       again under the lock, and the agent read under it.
 * </ul>
 *
 * <p>Every status write of this process, the retry under the lock included, runs on the writer's
 * one thread, which takes each write's {@code updated_at} as it comes to it: so a row's {@code
 * updated_at} follows the order of its writes. When the retry ran on the request's own thread, it
 * could lock the row, take a later time and commit between the moment the writer took an earlier
 * time for a write of the same row and the moment that write ran: the row then went back in time
 * (ConcurrencyIntegrationTest, in about one run in forty: a manual status with an earlier {@code
 * updated_at} than the idle away it had in fact replaced).
 */
@Service
public class AvailabilityService implements DisposableBean {

  /** The most status updates one transaction takes. */
  private static final int MAX_BATCH = 64;

  private record StatusWrite(long agentId, Transition transition) {}

  /**
   * What a write did: the {@code updated_at} it wrote, or, when its update matched nothing, the
   * agent as read under the row's lock after the update was tried again (empty: no such agent).
   */
  private record Outcome(OffsetDateTime written, Optional<AgentDetails> locked) {

    static Outcome wrote(OffsetDateTime written) {
      return new Outcome(written, Optional.empty());
    }

    static Outcome underLock(Optional<AgentDetails> agent) {
      return new Outcome(null, agent);
    }
  }

  private final Agents agents;
  private final Clock clock;
  private final TransactionTemplate transaction;

  /** Runs every status write, and answers what each did. */
  private final GroupCommit<StatusWrite, Outcome> writes;

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
    Outcome outcome = writes.submit(new StatusWrite(agentId, transition));
    if (outcome.written() != null) {
      return current.withStatus(transition.target(), outcome.written());
    }
    return outcome.locked().orElseThrow(() -> ApiError.of(ErrorCatalogue.unauthorized()));
  }

  private List<Outcome> applyAll(List<StatusWrite> batch) {
    return transaction.execute(
        status -> {
          // One JDBC batch (AgentRepository.applyAll). The time of each update is taken in order,
          // so that updated_at follows the writes' order.
          List<StatusUpdate> updates = new ArrayList<>(batch.size());
          for (StatusWrite write : batch) {
            updates.add(new StatusUpdate(write.agentId(), write.transition(), now()));
          }
          boolean[] changed = agents.applyAll(updates);
          List<Outcome> outcomes = new ArrayList<>(batch.size());
          for (int i = 0; i < changed.length; i++) {
            outcomes.add(
                changed[i]
                    ? Outcome.wrote(updates.get(i).now())
                    : Outcome.underLock(writeLocked(batch.get(i))));
          }
          return outcomes;
        });
  }

  /**
   * Locks the row, tries the update again with a time taken under the lock, and reads the agent
   * under it; in the writer's transaction, after the batch's updates.
   */
  private Optional<AgentDetails> writeLocked(StatusWrite write) {
    if (!agents.lock(write.agentId())) {
      return Optional.empty();
    }
    agents.apply(write.agentId(), write.transition(), now());
    return agents.findById(write.agentId());
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
