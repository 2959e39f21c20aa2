package tracker.graph;

/**
 * The set of available tasks during list scheduling, by rank: ranks are distinct ints below a
 * known bound, so a two-level bitset gives the smallest in a few word scans, with no sifting
 * (the forecast schedules the plan thousands of times).
 */
final class RankSet {

  private final long[] words;
  private final long[] summary;
  private int size;

  RankSet(int bound) {
    words = new long[(bound + 63) >>> 6];
    summary = new long[(words.length + 63) >>> 6];
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(int rank) {
    int word = rank >>> 6;
    if (words[word] == 0) {
      summary[word >>> 6] |= 1L << word;
    }
    words[word] |= 1L << rank;
    size++;
  }

  /** Removes and answers the smallest rank; the set must not be empty. */
  int poll() {
    int s = 0;
    while (summary[s] == 0) {
      s++;
    }
    int word = (s << 6) + Long.numberOfTrailingZeros(summary[s]);
    int rank = (word << 6) + Long.numberOfTrailingZeros(words[word]);
    words[word] &= words[word] - 1;
    if (words[word] == 0) {
      summary[s] &= ~(1L << word);
    }
    size--;
    return rank;
  }
}
