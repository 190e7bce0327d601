package io.powermanager.agent.podresources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.powermanager.agent.podresources.Hpack.Field;
import io.powermanager.agent.podresources.Hpack.HpackException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HpackTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  /**
   * Netty's HTTP/2 header encoder (Huffman where shorter, the dynamic table), as grpc-java uses.
   */
  private static byte[] netty(DefaultHttp2HeadersEncoder encoder, List<Field> fields)
      throws Exception {
    Http2Headers headers = new DefaultHttp2Headers(false);
    for (Field f : fields) {
      headers.add(f.name(), f.value());
    }
    ByteBuf out = Unpooled.buffer();
    encoder.encodeHeaders(3, headers, out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  @Test
  void decodesRfc7541RequestExamplesWithHuffmanAndTheDynamicTable() throws Exception {
    // Given: RFC 7541 C.4, three requests on one connection
    Hpack hpack = new Hpack(64 * 1024);

    // When / Then
    assertThat(hpack.decode(hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")))
        .containsExactly(
            new Field(":method", "GET"),
            new Field(":scheme", "http"),
            new Field(":path", "/"),
            new Field(":authority", "www.example.com"));
    assertThat(hpack.decode(hex("8286 84be 5886 a8eb 1064 9cbf")))
        .containsExactly(
            new Field(":method", "GET"),
            new Field(":scheme", "http"),
            new Field(":path", "/"),
            new Field(":authority", "www.example.com"),
            new Field("cache-control", "no-cache"));
    assertThat(hpack.decode(hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")))
        .containsExactly(
            new Field(":method", "GET"),
            new Field(":scheme", "https"),
            new Field(":path", "/index.html"),
            new Field(":authority", "www.example.com"),
            new Field("custom-key", "custom-value"));
  }

  @Test
  void decodesWhatNettysEncoderWritesBlockAfterBlock() throws Exception {
    // Given: every octet value in Huffman-coded values, names and values repeated across blocks
    DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    Hpack hpack = new Hpack(1024 * 1024);
    Random random = new Random(7);
    for (int block = 0; block < 200; block++) {
      List<Field> fields = new ArrayList<>();
      fields.add(new Field(":status", block % 2 == 0 ? "200" : "404"));
      fields.add(new Field("content-type", "application/grpc"));
      fields.add(new Field("grpc-status", Integer.toString(block % 17)));
      byte[] value = new byte[random.nextInt(300)];
      for (int i = 0; i < value.length; i++) {
        value[i] = (byte) ((block * 7 + i) % 256);
      }
      fields.add(new Field("x-bin-" + (block % 5), new String(value, StandardCharsets.ISO_8859_1)));
      fields.add(new Field("grpc-message", "pod default/p-" + random.nextInt(40) + " not found"));

      // When
      List<Field> decoded = hpack.decode(netty(encoder, fields));

      // Then
      assertThat(decoded).as("block %d", block).containsExactlyElementsOf(fields);
    }
  }

  @Test
  void derivesRfc7541HuffmanCodesFromTheirLengths() {
    // Given / When
    int[] codes = Hpack.huffmanCodes();

    // Then: a few rows of RFC 7541 Appendix B
    assertThat(
            Map.of(
                0,
                codes[0],
                '0' + 0,
                codes['0'],
                ' ' + 0,
                codes[' '],
                'a' + 0,
                codes['a'],
                'z' + 0,
                codes['z'],
                255,
                codes[255],
                256,
                codes[256]))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                0, 0x1ff8, 48, 0x0, 32, 0x14, 97, 0x3, 122, 0x7b, 255, 0x3ffffee, 256, 0x3fffffff));
    assertThat(Hpack.huffmanLength(256)).isEqualTo(30);
  }

  @Test
  void encodesRequestHeadersAsLiteralsAnyDecoderReads() throws Exception {
    // Given
    List<Field> fields =
        List.of(
            new Field(":method", "POST"),
            new Field(":path", "/v1.PodResourcesLister/List"),
            new Field("grpc-timeout", "4999m"),
            new Field("x-long", "v".repeat(300)));

    // When
    byte[] block = Hpack.encode(fields);

    // Then
    assertThat(new Hpack(64 * 1024).decode(block)).containsExactlyElementsOf(fields);
  }

  @Test
  void refusesMalformedAndOversizedBlocks() {
    Map<String, String> cases =
        Map.of(
            "80", "index 0",
            "c0", "past the tables",
            "0003 6162", "past the header block",
            "00 7f ffffffff 7f", "past 2^28",
            "0001 61 81 00", "padding",
            "0001 61 84 ffffffff", "EOS",
            "3fe21f", "above the advertised 4096",
            "82 20", "after a header field");
    cases.forEach(
        (block, message) ->
            assertThatThrownBy(() -> new Hpack(1024).decode(hex(block)))
                .as(block)
                .isInstanceOf(HpackException.class)
                .hasMessageContaining(message));
    assertThatThrownBy(() -> new Hpack(40).decode(hex("0001 6101 62 0001 6101 63 0001 6101 64")))
        .isInstanceOf(HpackException.class)
        .hasMessageContaining("header list larger than 40 octets");
  }
}
