package tracker.plan;

import java.util.Arrays;

/** A binary min-heap of int (task positions) under a primitive ordering: no boxing on the scheduling hot path. */
final class IntHeap {

  /** Orders two task positions. */
  interface Order {
    boolean before(int a, int b);
  }

  private final Order order;
  private int[] items = new int[16];
  private int size;

  /** A heap under {@code order}; null orders the values themselves (no call per comparison). */
  IntHeap(Order order) {
    this.order = order;
  }

  /** A heap of plain ints in natural order. */
  static IntHeap natural() {
    return new IntHeap(null);
  }

  private boolean before(int a, int b) {
    return order == null ? a < b : order.before(a, b);
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
