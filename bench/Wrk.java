/** One wrk run, as put.lua's done() reports it. */
record Wrk(long requests, long durationMicros, long p50Micros, long p99Micros, long maxMicros, long errors) {
  double perSecond() {
    return requests * 1e6 / durationMicros;
  }
}
