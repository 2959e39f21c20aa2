package tracker.graph;

import java.util.Arrays;

/**
 * A binary min-heap of plain ints (scheduling ranks): no boxing and no comparator call on the
 * scheduling hot path.
 */
final class IntHeap {

  private int[] items = new int[16];
  private int size;

  private static boolean before(int a, int b) {
    return a < b;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(int item) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    int at = size++;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!before(item, items[parent])) {
        break;
      }
      items[at] = items[parent];
      at = parent;
    }
    items[at] = item;
  }

  int poll() {
    int top = items[0];
    int last = items[--size];
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(items[child + 1], items[child])) {
        child++;
      }
      if (!before(items[child], last)) {
        break;
      }
      items[at] = items[child];
      at = child;
    }
    if (size > 0) {
      items[at] = last;
    }
    return top;
  }
}
