package io.powermanager.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU ids, printed and parsed in the Linux cpulist format ({@code
 * 0-3,8,10-11}).
 *
 * <p>Thread-safe: instances never change after construction. Ids range from 0 to {@link #MAX_CPU}
 * (the kernel's {@code CONFIG_NR_CPUS} ceiling). {@link #toString()} always yields the canonical
 * form, so {@code parse(s.toString()).equals(s)} holds for every set.
 */
public final class CpuSet implements Iterable<Integer> {

  /** The highest CPU id accepted; the kernel's largest {@code NR_CPUS} is 8192. */
  public static final int MAX_CPU = 8191;

  private static final CpuSet EMPTY = new CpuSet(new BitSet());

  private final BitSet bits;

  private CpuSet(BitSet bits) {
    this.bits = bits;
  }

  public static CpuSet empty() {
    return EMPTY;
  }

  public static CpuSet of(int... cpus) {
    BitSet bits = new BitSet();
    for (int cpu : cpus) {
      bits.set(checkId(cpu));
    }
    return new CpuSet(bits);
  }

  public static CpuSet of(Collection<? extends Number> cpus) {
    BitSet bits = new BitSet();
    for (Number cpu : cpus) {
      long id = cpu.longValue();
      if (id < 0 || id > MAX_CPU) {
        throw new IllegalArgumentException(
            "CPU id " + id + " is out of range 0-" + MAX_CPU + " in " + cpus);
      }
      bits.set((int) id);
    }
    return new CpuSet(bits);
  }

  /** The CPUs {@code first..last}, both included. */
  public static CpuSet range(int first, int last) {
    checkId(first);
    checkId(last);
    if (first > last) {
      throw new IllegalArgumentException("range " + first + "-" + last + " is descending");
    }
    BitSet bits = new BitSet();
    bits.set(first, last + 1);
    return new CpuSet(bits);
  }

  /**
   * Parses the Linux cpulist format: comma-separated ids and inclusive ranges, surrounding
   * whitespace (the newline of a sysfs file) ignored, the empty string meaning no CPU.
   *
   * @throws IllegalArgumentException naming the input and what is wrong with it
   */
  public static CpuSet parse(String cpulist) {
    if (cpulist == null) {
      throw new IllegalArgumentException("cpulist is missing");
    }
    String text = cpulist.strip();
    if (text.isEmpty()) {
      return EMPTY;
    }
    BitSet bits = new BitSet();
    for (String element : text.split(",", -1)) {
      if (element.isEmpty()) {
        throw malformed(cpulist, "empty element");
      }
      int dash = element.indexOf('-');
      if (dash < 0) {
        bits.set(parseId(cpulist, element));
        continue;
      }
      if (dash == 0) {
        throw malformed(cpulist, "\"" + element + "\" is not a CPU id (negative or missing start)");
      }
      int first = parseId(cpulist, element.substring(0, dash));
      int last = parseId(cpulist, element.substring(dash + 1));
      if (first > last) {
        throw malformed(cpulist, "range " + element + " is descending");
      }
      bits.set(first, last + 1);
    }
    return new CpuSet(bits);
  }

  private static int parseId(String input, String token) {
    if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
      throw malformed(input, "\"" + token + "\" is not a CPU id");
    }
    int id = Integer.parseInt(token);
    if (id > MAX_CPU) {
      throw malformed(input, "CPU " + id + " is past the highest CPU id " + MAX_CPU);
    }
    return id;
  }

  private static IllegalArgumentException malformed(String input, String reason) {
    return new IllegalArgumentException("invalid cpulist \"" + input + "\": " + reason);
  }

  private static int checkId(int cpu) {
    if (cpu < 0 || cpu > MAX_CPU) {
      throw new IllegalArgumentException("CPU id " + cpu + " is out of range 0-" + MAX_CPU);
    }
    return cpu;
  }

  public CpuSet union(CpuSet other) {
    BitSet result = (BitSet) bits.clone();
    result.or(other.bits);
    return new CpuSet(result);
  }

  public CpuSet minus(CpuSet other) {
    BitSet result = (BitSet) bits.clone();
    result.andNot(other.bits);
    return new CpuSet(result);
  }

  public CpuSet intersect(CpuSet other) {
    BitSet result = (BitSet) bits.clone();
    result.and(other.bits);
    return new CpuSet(result);
  }

  public boolean intersects(CpuSet other) {
    return bits.intersects(other.bits);
  }

  public boolean contains(int cpu) {
    return cpu >= 0 && bits.get(cpu);
  }

  public boolean containsAll(CpuSet other) {
    return other.minus(this).isEmpty();
  }

  public int size() {
    return bits.cardinality();
  }

  public boolean isEmpty() {
    return bits.isEmpty();
  }

  /** The lowest CPU id; the set must not be empty. */
  public int first() {
    if (bits.isEmpty()) {
      throw new NoSuchElementException("empty CpuSet has no first CPU");
    }
    return bits.nextSetBit(0);
  }

  /** The ids in ascending order. */
  public IntStream stream() {
    return bits.stream();
  }

  /** The ids in ascending order. */
  public List<Integer> toList() {
    return bits.stream().boxed().toList();
  }

  /** The first {@code n} CPUs in ascending order (all of them when there are fewer). */
  public CpuSet firstN(int n) {
    BitSet result = new BitSet();
    int taken = 0;
    for (int cpu = bits.nextSetBit(0); cpu >= 0 && taken < n; cpu = bits.nextSetBit(cpu + 1)) {
      result.set(cpu);
      taken++;
    }
    return new CpuSet(result);
  }

  @Override
  public Iterator<Integer> iterator() {
    PrimitiveIterator.OfInt ids = bits.stream().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Integer next() {
        return ids.nextInt();
      }
    };
  }

  /** The canonical cpulist: ascending, ranges of two or more adjacent ids joined with a dash. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    int start = bits.nextSetBit(0);
    while (start >= 0) {
      int end = bits.nextClearBit(start) - 1;
      parts.add(start == end ? Integer.toString(start) : start + "-" + end);
      start = bits.nextSetBit(end + 1);
    }
    return String.join(",", parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CpuSet other && bits.equals(other.bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }
}
