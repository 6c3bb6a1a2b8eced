package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.availkit.contract.AvailabilityRules;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.availkit.server.agent.AgentRepository.StatusUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The copies {@link Agents} keeps, with the repository a mock (what the database answers): a kept
 * row answers without a statement, each write that changed a row changes its agent's copy to what
 * it wrote (a status change, a key's use) or drops every copy (the operators' writes by email), and
 * a write that changed nothing changes nothing; the lists are kept for their time; the key hints
 * are kept until dropped.
 */
class AgentsTest {

  private static final long ID = 3;
  private static final String KEY = "ak_three";
  private static final OffsetDateTime NOW = AgentRows.CREATED.plusDays(1);
  private static final AgentLists LISTS =
      new AgentLists(
          List.of("agent"),
          List.of("status:manage"),
          List.of(new AgentDetails.Team(1, "Support", null)));

  private final AgentRepository sql = mock(AgentRepository.class);
  private final Agents agents = new Agents(sql, new KeyRecordCache(), Duration.ofMinutes(5));
  private final KeyRecord record =
      new KeyRecord("hash", AgentRows.row(ID, AvailabilityStatus.ONLINE, true, KEY, null));

  /** Reads the row through the key's index, so that it is kept, and forgets that statement. */
  private void keep() {
    when(sql.findKey(KEY)).thenReturn(Optional.of(record));
    when(sql.findKey(ID)).thenReturn(Optional.of(record));
    assertThat(agents.findKey(KEY)).containsSame(record);
    clearInvocations(sql);
  }

  /** Whether the next lookup by id is answered from memory. */
  private boolean kept() {
    clearInvocations(sql);
    assertThat(agents.findKey(ID, KEY)).contains(record);
    return mockingDetailsCalls() == 0;
  }

  private int mockingDetailsCalls() {
    return org.mockito.Mockito.mockingDetails(sql).getInvocations().size();
  }

  @Test
  void aRowReadThroughTheKeysIndexAnswersTheNextLookupByIdWithoutAStatement() {
    keep();
    assertThat(agents.findKey(ID, KEY)).containsSame(record);
    assertThat(agents.findKey(ID, "ak_other")).as("another key of the same agent").isEmpty();
    verify(sql, never()).findKey(anyLong());
    verify(sql, never()).findKey(anyLong(), any());
  }

  @Test
  void aLookupByIdOfARowNotKeptReadsItByPrimaryKeyAndKeepsIt() {
    when(sql.findKey(ID)).thenReturn(Optional.of(record));
    assertThat(agents.findKey(ID, KEY)).containsSame(record);
    assertThat(agents.findKey(ID, KEY)).containsSame(record);
    verify(sql, times(1)).findKey(ID);

    when(sql.findKey(4)).thenReturn(Optional.empty());
    assertThat(agents.findKey(4, KEY)).isEmpty();
  }

  @Test
  void whereRowsAreNotKeptEveryLookupIsAStatement() {
    Agents uncached = AgentRows.agents(sql);
    when(sql.findKey(KEY)).thenReturn(Optional.of(record));
    when(sql.findKey(ID, KEY)).thenReturn(Optional.of(record));
    assertThat(uncached.findKey(KEY)).containsSame(record);
    assertThat(uncached.findKey(ID, KEY)).containsSame(record);
    assertThat(uncached.findKey(ID, KEY)).containsSame(record);
    verify(sql, times(2)).findKey(ID, KEY);
    verify(sql, never()).findKey(ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"replaceKey", "revokeKey", "disable"})
  void anOperatorsWriteThatChangedARowDropsTheCopiesAndOneThatChangedNothingDoesNot(String write) {
    keep();
    assertThat(write(write, false)).isFalse();
    assertThat(kept()).as("after a " + write + " that changed nothing").isTrue();
    assertThat(write(write, true)).isTrue();
    assertThat(kept()).as("after a " + write + " that changed the row").isFalse();
    assertThat(kept()).as("read again and kept").isTrue();
  }

  /**
   * A status change or a key's use changes the copy to the row it wrote (KeyRecordCache): the next
   * lookup reads nothing and answers the write; one that changed nothing leaves the copy as it was.
   */
  @ParameterizedTest
  @ValueSource(strings = {"apply", "applyAll", "setStatus", "recordKeyUse"})
  void aStatusChangeOrKeyUseThatChangedARowChangesItsCopy(String write) {
    keep();
    assertThat(write(write, false)).isFalse();
    assertThat(kept()).as("after a " + write + " that changed nothing").isTrue();
    assertThat(write(write, true)).isTrue();
    clearInvocations(sql);
    KeyRecord after = agents.findKey(ID, KEY).orElseThrow();
    assertThat(mockingDetailsCalls()).as("statements after a " + write).isZero();
    assertThat(after.secretHash()).isEqualTo(record.secretHash());
    AgentRow expected =
        switch (write) {
          case "apply", "applyAll" -> record.agent().withStatus(AvailabilityStatus.AWAY, NOW);
          case "setStatus" -> record.agent().withStatus(AvailabilityStatus.BUSY, NOW);
          default -> record.agent().withKeyLastUsedAt(NOW);
        };
    assertThat(after.agent()).isEqualTo(expected);
  }

  /** Runs the write with the repository answering {@code changed}; returns what Agents answered. */
  private boolean write(String write, boolean changed) {
    var idle =
        (AvailabilityRules.Transition) AvailabilityRules.decide(RequestedStatus.AWAY, Source.IDLE);
    when(sql.apply(ID, idle, NOW)).thenReturn(changed);
    List<StatusUpdate> updates =
        List.of(new StatusUpdate(ID + 1, idle, NOW), new StatusUpdate(ID, idle, NOW));
    when(sql.applyAll(updates)).thenReturn(new boolean[] {true, changed});
    when(sql.setStatus(ID, AvailabilityStatus.BUSY, NOW)).thenReturn(changed);
    when(sql.recordKeyUse(ID, NOW, NOW)).thenReturn(changed);
    when(sql.replaceKey("a@x", "ak_new", "new", NOW)).thenReturn(changed);
    when(sql.revokeKey("a@x", NOW)).thenReturn(changed);
    when(sql.disable("a@x", NOW)).thenReturn(changed);
    return switch (write) {
      case "apply" -> agents.apply(ID, idle, NOW);
      case "applyAll" -> agents.applyAll(updates)[1];
      case "setStatus" -> agents.setStatus(ID, AvailabilityStatus.BUSY, NOW);
      case "recordKeyUse" -> agents.recordKeyUse(ID, NOW, NOW);
      case "replaceKey" -> agents.replaceKey("a@x", "ak_new", "new", NOW);
      case "revokeKey" -> agents.revokeKey("a@x", NOW);
      case "disable" -> agents.disable("a@x", NOW);
      default -> throw new IllegalArgumentException(write);
    };
  }

  @Test
  void aWriteOfOneAgentLeavesTheOthersCopies() {
    keep();
    when(sql.setStatus(9, AvailabilityStatus.BUSY, NOW)).thenReturn(true);
    assertThat(agents.setStatus(9, AvailabilityStatus.BUSY, NOW)).isTrue();
    assertThat(kept()).isTrue();
  }

  @Test
  void theListsAreKeptForTheirTimeAndComposedWithTheRow() {
    when(sql.findLists(ID)).thenReturn(LISTS);
    AgentDetails first = agents.details(record.agent());
    AgentDetails second = agents.details(record.agent().withKeyLastUsedAt(NOW));
    verify(sql, times(1)).findLists(ID);
    assertThat(first.row()).isSameAs(record.agent());
    assertThat(first.roles()).isEqualTo(LISTS.roles());
    assertThat(first.permissions()).isEqualTo(LISTS.permissions());
    assertThat(first.teams()).isEqualTo(LISTS.teams());
    assertThat(second.apiKeyLastUsedAt()).isEqualTo(NOW);

    Agents unkept = AgentRows.agents(sql);
    unkept.details(record.agent());
    unkept.details(record.agent());
    verify(sql, times(3)).findLists(ID);
  }

  @Test
  void findByIdByEmailAndAllReadTheRowsAndTheirLists() {
    when(sql.findRow(ID)).thenReturn(Optional.of(record.agent()));
    when(sql.findLists(ID)).thenReturn(LISTS);
    when(sql.findId("a@x")).thenReturn(Optional.of(ID));
    when(sql.findIds()).thenReturn(List.of(ID, 4L));
    when(sql.count()).thenReturn(2L);
    Predicate<AgentDetails> three = a -> a.id() == ID && a.roles().equals(LISTS.roles());
    assertThat(agents.findById(ID)).hasValueSatisfying(a -> assertThat(three).accepts(a));
    assertThat(agents.findByEmail("a@x")).hasValueSatisfying(a -> assertThat(three).accepts(a));
    assertThat(agents.findByEmail("b@x")).isEmpty();
    assertThat(agents.findAll()).singleElement().matches(three);
    assertThat(agents.count()).isEqualTo(2);
    when(sql.lock(ID)).thenReturn(true);
    assertThat(agents.lock(ID)).isTrue();
    assertThat(agents.lock(4)).isFalse();
    when(sql.create(any(), any())).thenReturn(12L);
    assertThat(agents.create(null, NOW)).isEqualTo(12);
  }

  @Test
  void aHintIsKeptUntilDropped() {
    assertThat(agents.hint(KEY)).isNull();
    agents.rememberHint(KEY, record);
    assertThat(agents.hint(KEY)).isEqualTo(new Agents.KeyHint(ID, "hash"));
    assertThat(agents.hint("ak_other")).isNull();
    agents.forgetHint(KEY);
    assertThat(agents.hint(KEY)).isNull();
  }
}
