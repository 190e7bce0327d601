package io.powermanager.bench.webhook;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One kept-alive HTTPS/1.1 connection that sends a pre-built POST and reads the answer: the
 * thinnest client we can write, so the benchmark measures the server, not a client library. Not
 * thread-safe: one connection per sending thread.
 */
final class BenchConnection implements AutoCloseable {

  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;
  private final StringBuilder line = new StringBuilder(128);
  private byte[] lastBody = new byte[0];

  BenchConnection(SSLContext trust, String host, int port) throws IOException {
    socket = (SSLSocket) trust.getSocketFactory().createSocket(host, port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  /** The request bytes for {@code body} posted to {@code path} as application/json. */
  static byte[] post(String host, String path, byte[] body) {
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    return request;
  }

  /** Sends {@code request} and reads the whole answer; returns the HTTP status. */
  int exchange(byte[] request, boolean keepBody) throws IOException {
    out.write(request);
    out.flush();
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")
          && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
    if (chunked) {
      for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
        copy(size, body);
        readLine();
      }
      while (!readLine().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      copy(length, body);
    }
    if (body != null) {
      lastBody = body.toByteArray();
    }
    return code;
  }

  /** The negotiated TLS protocol, e.g. {@code TLSv1.3}. */
  String protocol() {
    return socket.getSession().getProtocol();
  }

  /** The body of the last exchange made with {@code keepBody}. */
  byte[] lastBody() {
    return lastBody;
  }

  private void copy(long size, ByteArrayOutputStream to) throws IOException {
    long left = size;
    byte[] buffer = new byte[8192];
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("connection closed inside a body");
      }
      if (to != null) {
        to.write(buffer, 0, n);
      }
      left -= n;
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      line.append((char) c);
    }
    throw new EOFException("connection closed");
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a benchmark connection: nothing to do
    }
  }
}
