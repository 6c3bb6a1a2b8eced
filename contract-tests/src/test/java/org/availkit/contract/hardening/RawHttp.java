package org.availkit.contract.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: for requests no client library would send
 * (broken request lines, duplicate headers, invalid bytes, lying lengths).
 */
final class RawHttp {

  record Reply(int status, String head, String body) {}

  private RawHttp() {}

  /**
   * Sends the request and reads the whole answer; the connection is closed by the request's header.
   */
  static Reply send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int split = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || split < 0) {
        throw new IOException("no HTTP answer: " + text);
      }
      String head = text.substring(0, split);
      byte[] body = java.util.Arrays.copyOfRange(all.toByteArray(), split + 4, all.size());
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      return new Reply(
          Integer.parseInt(head.substring(9, 12)), head, new String(body, StandardCharsets.UTF_8));
    }
  }

  /**
   * The chunks' bytes: chunk sizes count bytes, so the body is taken apart before it is decoded (an
   * answer that names a non-ASCII content type is longer in bytes than in characters).
   */
  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int i = 0;
    while (i < text.length()) {
      int eol = text.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(text.substring(i, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
