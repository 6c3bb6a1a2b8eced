package org.availkit.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.availkit.server.agent.AgentRepository.KeyRecord;
import org.junit.jupiter.api.Test;

/** The cache's rule for reads that race writes, and which databases it is kept for. */
class KeyRecordCacheTest {

  private final KeyRecordCache cache = new KeyRecordCache();

  private static KeyRecord record(long id, String apiKey) {
    return new KeyRecord("hash", new AgentRow(new AgentDetails(id, null, null, "F", "L", "f@x", "agent", null,
        null, null, null, true, null, null, null, List.of(), null, List.of(), apiKey, null)));
  }

  @Test
  void aRowReadWithNoWriteSinceIsKept() {
    KeyRecord row = record(1, "ak_1");
    cache.put(1, row, cache.generation());
    assertThat(cache.get(1)).isSameAs(row);
    assertThat(cache.get(2)).isNull();
  }

  @Test
  void aRowReadBeforeAWriteToItIsNotPutBack() {
    long readFrom = cache.generation();
    cache.invalidate(1);
    cache.put(1, record(1, "ak_old"), readFrom);
    assertThat(cache.get(1)).isNull();
  }

  @Test
  void aWriteRemovesTheRowAndOnlyThatRow() {
    cache.put(1, record(1, "ak_1"), cache.generation());
    cache.put(2, record(2, "ak_2"), cache.generation());
    cache.invalidate(1);
    assertThat(cache.get(1)).isNull();
    assertThat(cache.get(2)).isNotNull();
  }

  @Test
  void aWriteToAllRemovesEveryRowAndARowReadBeforeItIsNotPutBack() {
    cache.put(1, record(1, "ak_1"), cache.generation());
    long readFrom = cache.generation();
    cache.invalidateAll();
    assertThat(cache.get(1)).isNull();
    cache.put(2, record(2, "ak_old"), readFrom);
    assertThat(cache.get(2)).isNull();
    cache.put(2, record(2, "ak_new"), cache.generation());
    assertThat(cache.get(2)).isNotNull();
  }

  @Test
  void keptOnlyWhereThisProcessIsTheOnlyWriter() {
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:file:./data/availability;MODE=PostgreSQL;WRITE_DELAY=0")).isTrue();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:mem:availkit;DB_CLOSE_DELAY=-1")).isTrue();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:./data/availability")).isTrue();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:file:./data/a;AUTO_SERVER=TRUE")).isFalse();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:file:./data/a;auto_server = true")).isFalse();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:file:./data/a;FILE_LOCK=NO")).isFalse();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:tcp://db:9092/availability")).isFalse();
    assertThat(KeyRecordCache.onlyWriter("jdbc:h2:ssl://db:9092/availability")).isFalse();
    assertThat(KeyRecordCache.onlyWriter("jdbc:postgresql://localhost:5432/availability")).isFalse();
  }
}
