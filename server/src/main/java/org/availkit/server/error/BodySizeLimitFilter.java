package org.availkit.server.error;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.availkit.contract.ErrorCatalogue;
import org.availkit.server.system.AvailkitProperties;
import org.availkit.server.system.CorsConfig;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies at {@code availkit.max-body-bytes}: a larger declared length is refused at
 * once (413); a chunked body is cut off as soon as it passes the cap, and the read fails with
 * {@link BodyTooLargeException}, which the exception handler answers with 413.
 *
 * <p>It keeps the bytes it let through (so at most the cap): an input error is described in terms
 * of the whole body, since the values {@code status} may take depend on {@code source}, which
 * Jackson may not have reached when it fails ({@link #bodyRead}).
 */
@Component
// Before every filter that may read a body (Spring's FormContentFilter reads a form-encoded PUT
// whole).
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final ErrorWriter errors;
  private final UrlBasedCorsConfigurationSource cors;

  BodySizeLimitFilter(
      AvailkitProperties properties, ErrorWriter errors, UrlBasedCorsConfigurationSource cors) {
    this.maxBytes = properties.maxBodyBytes().toBytes();
    this.errors = errors;
    this.cors = cors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      // Spring Security's chain, and its CORS filter, have not run yet.
      CorsConfig.addToEarlyAnswer(cors, request, response);
      errors.write(response, ApiError.of(ErrorCatalogue.payloadTooLarge(maxBytes)));
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  /**
   * The body of {@code request} as far as the cap: what was read so far and the rest, read now.
   * Empty when the request did not pass through this filter.
   */
  static byte[] bodyRead(HttpServletRequest request) {
    for (ServletRequest r = request;
        r instanceof ServletRequestWrapper wrapper;
        r = wrapper.getRequest()) {
      if (r instanceof LimitedRequest limited) {
        return limited.bodyRead();
      }
    }
    return new byte[0];
  }

  /** Thrown when a body passes the cap while it is read. */
  static final class BodyTooLargeException extends IOException {
    final long maxBytes;

    BodyTooLargeException(long maxBytes) {
      super("Request body larger than " + maxBytes + " bytes");
      this.maxBytes = maxBytes;
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }

    byte[] bodyRead() {
      try {
        LimitedStream in = (LimitedStream) getInputStream();
        in.transferTo(OutputStream.nullOutputStream());
        return in.copy.toByteArray();
      } catch (IOException e) {
        // Past the cap, or the client went away: what arrived before is what there is.
        return stream == null ? new byte[0] : ((LimitedStream) stream).copy.toByteArray();
      }
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream(64);
    private long read;

    LimitedStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
        copy.write(buffer, offset, n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLargeException {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
