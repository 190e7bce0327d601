package io.powermanager.agent.podresources;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * HPACK (RFC 7541), the header compression of HTTP/2, as far as a gRPC client needs it: a decoder
 * of every representation (static and dynamic table, Huffman strings, table size updates), and the
 * encoding of a request's headers as literals that never touch the server's dynamic table.
 *
 * <p>Bounded: a header list larger than {@code maxHeaderListBytes} (names and values plus 32 octets
 * per field, as RFC 7540 counts it), a string longer than what is left of the block, an integer
 * past 2^28 or a table size update above the size the client advertised is a {@link
 * HpackException}. Not thread-safe: one decoder per connection.
 */
final class Hpack {

  /** The dynamic table size this client advertises (RFC 7540's default). */
  static final int TABLE_SIZE = 4096;

  /** RFC 7541 Appendix A, index 1 to 61: {name, value}. */
  private static final String[][] STATIC_TABLE = {
    {":authority", ""},
    {":method", "GET"},
    {":method", "POST"},
    {":path", "/"},
    {":path", "/index.html"},
    {":scheme", "http"},
    {":scheme", "https"},
    {":status", "200"},
    {":status", "204"},
    {":status", "206"},
    {":status", "304"},
    {":status", "400"},
    {":status", "404"},
    {":status", "500"},
    {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"},
    {"accept-language", ""},
    {"accept-ranges", ""},
    {"accept", ""},
    {"access-control-allow-origin", ""},
    {"age", ""},
    {"allow", ""},
    {"authorization", ""},
    {"cache-control", ""},
    {"content-disposition", ""},
    {"content-encoding", ""},
    {"content-language", ""},
    {"content-length", ""},
    {"content-location", ""},
    {"content-range", ""},
    {"content-type", ""},
    {"cookie", ""},
    {"date", ""},
    {"etag", ""},
    {"expect", ""},
    {"expires", ""},
    {"from", ""},
    {"host", ""},
    {"if-match", ""},
    {"if-modified-since", ""},
    {"if-none-match", ""},
    {"if-range", ""},
    {"if-unmodified-since", ""},
    {"last-modified", ""},
    {"link", ""},
    {"location", ""},
    {"max-forwards", ""},
    {"proxy-authenticate", ""},
    {"proxy-authorization", ""},
    {"range", ""},
    {"referer", ""},
    {"refresh", ""},
    {"retry-after", ""},
    {"server", ""},
    {"set-cookie", ""},
    {"strict-transport-security", ""},
    {"transfer-encoding", ""},
    {"user-agent", ""},
    {"vary", ""},
    {"via", ""},
    {"www-authenticate", ""},
  };

  /**
   * RFC 7541 Appendix B: the length in bits of the Huffman code of each symbol, 0 to 255 and EOS
   * (256). The code is canonical, so the codes follow from the lengths ({@link #huffmanCodes}).
   */
  private static final byte[] HUFFMAN_LENGTHS = {
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5,
    6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
    6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23,
    23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20,
    22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22,
    22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26,
    27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25,
    25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26, 30,
  };

  private static final int EOS = 256;

  /**
   * The Huffman decoding tree: node {@code n}'s children are {@code TREE[2n]} (bit 0) and {@code
   * TREE[2n + 1]} (bit 1); a child {@code >= 0} is an inner node, {@code -1} absent, and {@code -2
   * - symbol} a leaf.
   */
  private static final int[] TREE = huffmanTree();

  /** A header field, name and value as ISO-8859-1 strings (one char per octet). */
  record Field(String name, String value) {
    int size() {
      return name.length() + value.length() + 32;
    }
  }

  /** A malformed or oversized header block: a COMPRESSION_ERROR for the connection. */
  static final class HpackException extends Exception {
    HpackException(String message) {
      super(message);
    }
  }

  private final int maxHeaderListBytes;
  private final ArrayDeque<Field> dynamic = new ArrayDeque<>();
  private int dynamicSize;
  private int dynamicMax = TABLE_SIZE;

  Hpack(int maxHeaderListBytes) {
    this.maxHeaderListBytes = maxHeaderListBytes;
  }

  /** The Huffman code of every symbol, 0 to 256, from the canonical lengths. */
  static int[] huffmanCodes() {
    Integer[] order = new Integer[HUFFMAN_LENGTHS.length];
    for (int s = 0; s < order.length; s++) {
      order[s] = s;
    }
    Arrays.sort(
        order,
        (a, b) ->
            HUFFMAN_LENGTHS[a] != HUFFMAN_LENGTHS[b]
                ? Integer.compare(HUFFMAN_LENGTHS[a], HUFFMAN_LENGTHS[b])
                : Integer.compare(a, b));
    int[] codes = new int[order.length];
    int code = 0;
    for (int i = 1; i < order.length; i++) {
      code = (code + 1) << (HUFFMAN_LENGTHS[order[i]] - HUFFMAN_LENGTHS[order[i - 1]]);
      codes[order[i]] = code;
    }
    return codes;
  }

  static int huffmanLength(int symbol) {
    return HUFFMAN_LENGTHS[symbol];
  }

  private static int[] huffmanTree() {
    int[] codes = huffmanCodes();
    int[] tree = new int[2 * 2 * HUFFMAN_LENGTHS.length];
    Arrays.fill(tree, -1);
    int nodes = 1;
    for (int s = 0; s < codes.length; s++) {
      int node = 0;
      for (int bit = HUFFMAN_LENGTHS[s] - 1; bit >= 0; bit--) {
        int slot = 2 * node + ((codes[s] >>> bit) & 1);
        if (bit == 0) {
          tree[slot] = -2 - s;
        } else {
          if (tree[slot] == -1) {
            tree[slot] = nodes++;
          }
          node = tree[slot];
        }
      }
    }
    return tree;
  }

  /** Decodes one complete header block (HEADERS plus its CONTINUATIONs) into its fields. */
  List<Field> decode(byte[] block) throws HpackException {
    List<Field> fields = new ArrayList<>();
    int[] pos = {0};
    long listSize = 0;
    boolean fieldSeen = false;
    while (pos[0] < block.length) {
      int b = block[pos[0]] & 0xff;
      Field field;
      if ((b & 0x80) != 0) {
        field = entry(integer(block, pos, 7));
      } else if ((b & 0x40) != 0) {
        field = literal(block, pos, 6);
        add(field);
      } else if ((b & 0x20) != 0) {
        if (fieldSeen) {
          throw new HpackException("a dynamic table size update after a header field");
        }
        int size = integer(block, pos, 5);
        if (size > TABLE_SIZE) {
          throw new HpackException(
              "dynamic table size update to " + size + " above the advertised " + TABLE_SIZE);
        }
        dynamicMax = size;
        evict(0);
        continue;
      } else {
        field = literal(block, pos, 4);
      }
      fieldSeen = true;
      listSize += field.size();
      if (listSize > maxHeaderListBytes) {
        throw new HpackException("header list larger than " + maxHeaderListBytes + " octets");
      }
      fields.add(field);
    }
    return fields;
  }

  private Field entry(int index) throws HpackException {
    if (index <= 0) {
      throw new HpackException("header index 0");
    }
    if (index <= STATIC_TABLE.length) {
      return new Field(STATIC_TABLE[index - 1][0], STATIC_TABLE[index - 1][1]);
    }
    int dynamicIndex = index - STATIC_TABLE.length - 1;
    if (dynamicIndex >= dynamic.size()) {
      throw new HpackException("header index " + index + " past the tables");
    }
    Iterator<Field> it = dynamic.iterator();
    for (int i = 0; i < dynamicIndex; i++) {
      it.next();
    }
    return it.next();
  }

  private Field literal(byte[] block, int[] pos, int prefix) throws HpackException {
    int index = integer(block, pos, prefix);
    String name = index == 0 ? string(block, pos) : entry(index).name();
    return new Field(name, string(block, pos));
  }

  private void add(Field field) {
    evict(field.size());
    if (field.size() <= dynamicMax) {
      dynamic.addFirst(field);
      dynamicSize += field.size();
    }
  }

  private void evict(int room) {
    while (!dynamic.isEmpty() && dynamicSize + room > dynamicMax) {
      dynamicSize -= dynamic.removeLast().size();
    }
  }

  /** An integer with an N-bit prefix (RFC 7541 §5.1), at most 2^28. */
  private static int integer(byte[] block, int[] pos, int prefix) throws HpackException {
    int mask = (1 << prefix) - 1;
    int value = block[pos[0]++] & mask;
    if (value < mask) {
      return value;
    }
    for (int shift = 0; ; shift += 7) {
      if (pos[0] >= block.length) {
        throw new HpackException("header block ends inside an integer");
      }
      if (shift > 21) {
        throw new HpackException("integer past 2^28 in a header block");
      }
      int b = block[pos[0]++] & 0xff;
      value += (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  private static String string(byte[] block, int[] pos) throws HpackException {
    if (pos[0] >= block.length) {
      throw new HpackException("header block ends before a string");
    }
    boolean huffman = (block[pos[0]] & 0x80) != 0;
    int length = integer(block, pos, 7);
    if (length > block.length - pos[0]) {
      throw new HpackException("a string of " + length + " octets past the header block's end");
    }
    int start = pos[0];
    pos[0] += length;
    return huffman
        ? huffman(block, start, length)
        : new String(block, start, length, StandardCharsets.ISO_8859_1);
  }

  private static String huffman(byte[] block, int start, int length) throws HpackException {
    StringBuilder out = new StringBuilder(length * 8 / 5);
    int node = 0;
    int depth = 0;
    boolean allOnes = true;
    for (int i = start; i < start + length; i++) {
      int b = block[i] & 0xff;
      for (int bit = 7; bit >= 0; bit--) {
        int one = (b >>> bit) & 1;
        int next = TREE[2 * node + one];
        if (next == -1) {
          throw new HpackException("an invalid Huffman code");
        }
        if (next < -1) {
          int symbol = -2 - next;
          if (symbol == EOS) {
            throw new HpackException("the Huffman EOS symbol inside a string");
          }
          out.append((char) symbol);
          node = 0;
          depth = 0;
          allOnes = true;
        } else {
          node = next;
          depth++;
          allOnes &= one == 1;
        }
      }
    }
    if (depth > 7 || !allOnes) {
      throw new HpackException("Huffman padding longer than 7 bits or not all ones");
    }
    return out.toString();
  }

  /**
   * A request's header block: every field a literal without indexing with a literal name, no
   * Huffman (so the server's decoder table is never used, and nothing here needs its state).
   */
  static byte[] encode(List<Field> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    for (Field f : fields) {
      out.write(0x00);
      writeString(out, f.name());
      writeString(out, f.value());
    }
    return out.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    writeLength(out, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  /** A string's length: an integer with a 7-bit prefix, the Huffman bit clear (RFC 7541 §5.1). */
  private static void writeLength(ByteArrayOutputStream out, int value) {
    int mask = 0x7f;
    if (value < mask) {
      out.write(value);
      return;
    }
    out.write(mask);
    value -= mask;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
