import java.util.List;

/** One target's line of the table: its figures and its warm-up slices. */
record Row(
    String target,
    String what,
    long readyMillis,
    Wrk c64,
    Wrk c32,
    long rssKb,
    long liveHeapKb,
    List<Double> warmup) {}
