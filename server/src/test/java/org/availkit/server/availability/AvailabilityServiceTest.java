package org.availkit.server.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.availkit.contract.AvailabilityRules.Transition;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.agent.AgentDetails;
import org.availkit.server.agent.AgentRepository.StatusUpdate;
import org.availkit.server.agent.AgentRow;
import org.availkit.server.agent.AgentRows;
import org.availkit.server.agent.Agents;
import org.availkit.server.api.model.ErrorResponse.ErrorTypeEnum;
import org.availkit.server.error.ApiError;
import org.availkit.server.system.EmbeddedStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * The status update's three ways, with the agents a mock (what the database answers) and
 * transactions counted: refused before anything is read; answered from the read when nothing
 * changes; written through the group commit, and under a lock when a concurrent change made the
 * conditional update match nothing.
 */
class AvailabilityServiceTest {

  private static final long ID = 5;
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

  private final Agents agents = mock(Agents.class);
  private final Transactions transactions = new Transactions();
  private final AvailabilityService service =
      new AvailabilityService(
          agents, Clock.fixed(NOW, ZoneOffset.UTC), transactions, EmbeddedStore.none());

  /** The batch of the group commit runs each of its updates as {@link Agents#apply} would. */
  @BeforeEach
  void batchesApplyEachUpdate() {
    when(agents.applyAll(any()))
        .thenAnswer(
            call -> {
              List<StatusUpdate> updates = call.getArgument(0);
              boolean[] changed = new boolean[updates.size()];
              for (int i = 0; i < changed.length; i++) {
                StatusUpdate u = updates.get(i);
                changed[i] = agents.apply(u.agentId(), u.transition(), u.now());
              }
              return changed;
            });
  }

  private final AgentRow row = AgentRows.row(ID, AvailabilityStatus.ONLINE, true, "ak_five", null);

  @AfterEach
  void stop() throws InterruptedException {
    service.destroy();
  }

  private AgentDetails stored(AvailabilityStatus status) {
    AgentDetails details =
        new AgentDetails(
            AgentRows.row(ID, status, true, "ak_five", null),
            List.of("agent"),
            List.of("status:manage"),
            List.of(new AgentDetails.Team(1, "Support", null)));
    when(agents.details(row)).thenReturn(details);
    return details;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
  }

  @Test
  void anIdleChangeToAManualStatusIsAnInputErrorAndNothingIsRead() {
    assertThatThrownBy(() -> service.update(row, RequestedStatus.BUSY, Source.IDLE))
        .isInstanceOfSatisfying(
            ApiError.class,
            error -> {
              assertThat(error.status().value()).isEqualTo(400);
              assertThat(error.body().getErrorType()).isEqualTo(ErrorTypeEnum.INPUT_EXCEPTION);
              assertThat(error.body().getMessage())
                  .isEqualTo("Idle detection cannot set the status busy.");
              assertThat(error.body().getData().get().getField()).isEqualTo("status");
              assertThat(error.body().getData().get().getAllowedValues())
                  .containsExactly("available", "away", "offline", "online");
            });
    verify(agents, never()).details(any());
    assertThat(transactions.begun.get()).isZero();
  }

  @Test
  void aRequestThatChangesNothingIsAnsweredFromTheReadWithoutAWriteOrATransaction() {
    AgentDetails manual = stored(AvailabilityStatus.AWAY_MANUAL);
    assertThat(service.update(row, RequestedStatus.AVAILABLE, Source.IDLE)).isSameAs(manual);
    assertThat(service.update(row, RequestedStatus.AWAY, Source.USER)).isSameAs(manual);
    verify(agents, never()).apply(anyLong(), any(), any());
    assertThat(transactions.begun.get()).isZero();
  }

  @Test
  void aChangeIsWrittenInATransactionAndAnsweredWithItsStatusAndTime() {
    AgentDetails online = stored(AvailabilityStatus.ONLINE);
    List<String> threads = new ArrayList<>();
    when(agents.apply(any(Long.class), any(Transition.class), any()))
        .thenAnswer(
            call -> {
              threads.add(Thread.currentThread().getName());
              return true;
            });

    AgentDetails answer = service.update(row, RequestedStatus.AWAY, Source.USER);

    assertThat(answer).isEqualTo(online.withStatus(AvailabilityStatus.AWAY_MANUAL, now()));
    assertThat(answer.teams()).isEqualTo(online.teams());
    verify(agents)
        .apply(
            eq(ID),
            argThat(
                t ->
                    t.target() == AvailabilityStatus.AWAY_MANUAL
                        && t.appliesTo(AvailabilityStatus.ONLINE)
                        && !t.appliesTo(AvailabilityStatus.AWAY_MANUAL)),
            eq(now()));
    assertThat(threads).containsExactly("availability-writer");
    assertThat(transactions.begun.get()).isEqualTo(1);
    assertThat(transactions.committed.get()).isEqualTo(1);
    verify(agents, never()).lock(anyLong());
  }

  /**
   * The status changed between the read and the update: the row is locked, the update tried again,
   * the agent read under the lock; all of it on the writer's thread, in the batch's one
   * transaction, so that no write of this process can take its time between the batch's and commit
   * first (a row's {@code updated_at} would go back in time).
   */
  @Test
  void anUpdateThatMatchedNothingIsRetriedUnderTheRowsLockOnTheWritersThread() {
    stored(AvailabilityStatus.ONLINE);
    AgentDetails afterRetry =
        AgentRows.details(ID, AvailabilityStatus.AWAY_MANUAL, true, "ak_five", null);
    List<String> threads = new ArrayList<>();
    when(agents.apply(any(Long.class), any(Transition.class), any()))
        .thenAnswer(
            call -> {
              threads.add(Thread.currentThread().getName());
              return false;
            });
    when(agents.lock(ID))
        .thenAnswer(
            call -> {
              threads.add("lock on " + Thread.currentThread().getName());
              return true;
            });
    when(agents.findById(ID)).thenReturn(Optional.of(afterRetry));

    assertThat(service.update(row, RequestedStatus.AWAY, Source.USER)).isSameAs(afterRetry);

    verify(agents, times(2)).apply(eq(ID), any(), eq(now()));
    assertThat(threads)
        .containsExactly(
            "availability-writer", "lock on availability-writer", "availability-writer");
    assertThat(transactions.begun.get()).isEqualTo(1);
    assertThat(transactions.committed.get()).isEqualTo(1);
  }

  @Test
  void anAgentGoneSinceItsRequestWasAuthenticatedIs401() {
    stored(AvailabilityStatus.ONLINE);
    when(agents.apply(any(Long.class), any(Transition.class), any())).thenReturn(false);
    when(agents.lock(ID)).thenReturn(false);
    assertUnauthorized(() -> service.update(row, RequestedStatus.BUSY, Source.USER));
    // Not there to lock: no write is tried again, nothing read.
    verify(agents, times(1)).apply(anyLong(), any(), any());
    verify(agents, never()).findById(anyLong());

    when(agents.lock(ID)).thenReturn(true);
    when(agents.findById(ID)).thenReturn(Optional.empty());
    assertUnauthorized(() -> service.update(row, RequestedStatus.BUSY, Source.USER));
  }

  @Test
  void afterShutdownAWriteRunsOnTheCallersThread() throws InterruptedException {
    stored(AvailabilityStatus.ONLINE);
    List<String> threads = new ArrayList<>();
    when(agents.apply(any(Long.class), any(Transition.class), any()))
        .thenAnswer(
            call -> {
              threads.add(Thread.currentThread().getName());
              return true;
            });
    service.destroy();

    assertThat(service.update(row, RequestedStatus.OFFLINE, Source.USER).availabilityStatus())
        .isEqualTo(AvailabilityStatus.OFFLINE);
    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  private static void assertUnauthorized(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApiError.class, error -> assertThat(error.status().value()).isEqualTo(401));
  }

  /** Counts transactions; each one commits unless its callback throws. */
  private static final class Transactions implements PlatformTransactionManager {
    final AtomicInteger begun = new AtomicInteger();
    final AtomicInteger committed = new AtomicInteger();

    @Override
    public TransactionStatus getTransaction(TransactionDefinition definition) {
      begun.incrementAndGet();
      return new SimpleTransactionStatus();
    }

    @Override
    public void commit(TransactionStatus status) {
      committed.incrementAndGet();
    }

    @Override
    public void rollback(TransactionStatus status) {}
  }
}
