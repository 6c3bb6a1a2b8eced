package org.availkit.server.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.availkit.server.error.BodySizeLimitFilter.BodyTooLargeException;
import org.availkit.server.system.ContractJson;
import org.availkit.server.system.TestSettings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The body cap (here 10 bytes): a larger declared length is refused before anything reads the body;
 * a body without one is cut off as it passes the cap; and what was let through can be read again to
 * describe an input error.
 */
class BodySizeLimitFilterTest {

  private static final int CAP = 10;
  private static final String PATH = "/api/v1/agents/me/availability";

  private final BodySizeLimitFilter filter =
      new BodySizeLimitFilter(
          TestSettings.properties(CAP, List.of("http://app.test")),
          ContractJson.errorWriter(),
          TestSettings.cors(List.of("http://app.test")));

  @Test
  void aDeclaredLengthOverTheCapIs413AndTheBodyIsNeverRead() throws Exception {
    MockHttpServletRequest request = request("x".repeat(CAP + 1), true);
    request.addHeader("Origin", "http://app.test");
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse response = new MockHttpServletResponse();

    filter.doFilter(request, response, chain);

    assertThat(chain.getRequest()).isNull();
    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("The request body is larger than 10 bytes.");
    // Spring Security's CORS filter has not run: the allowed origin gets its headers here.
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://app.test");
  }

  @Test
  void aBodyOfExactlyTheCapIsReadWhole() throws Exception {
    HttpServletRequest passed = pass(request("0123456789", true));
    assertThat(passed.getInputStream().readAllBytes())
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("0123456789");
    assertThat(passed.getInputStream().isFinished()).isTrue();
  }

  @Test
  void aStreamedBodyIsCutOffAsItPassesTheCapByteByByteOrInBlocks() throws Exception {
    ServletInputStream bytes = pass(request("0123456789abc", false)).getInputStream();
    for (int i = 0; i < CAP; i++) {
      assertThat(bytes.read()).isEqualTo("0123456789".charAt(i));
    }
    assertThatThrownBy(bytes::read)
        .isInstanceOfSatisfying(
            BodyTooLargeException.class, e -> assertThat(e.maxBytes).isEqualTo(CAP));

    ServletInputStream blocks = pass(request("0123456789abc", false)).getInputStream();
    byte[] buffer = new byte[4];
    assertThat(blocks.read(buffer, 0, 4)).isEqualTo(4);
    assertThat(blocks.read(buffer, 0, 4)).isEqualTo(4);
    assertThatThrownBy(() -> blocks.read(buffer, 0, 4))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage("Request body larger than 10 bytes");
  }

  @Test
  void theEndOfAStreamIsNotCounted() throws Exception {
    ServletInputStream in = pass(request("0123456789", false)).getInputStream();
    assertThat(in.readAllBytes()).hasSize(CAP);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
    assertThat(in.isFinished()).isTrue();
    assertThat(in.isReady()).isTrue();
  }

  @Test
  void theBodyReadSoFarAndTheRestCanBeReadAgainThroughAnyWrapper() throws Exception {
    HttpServletRequest passed = pass(request("{\"a\":1}", false));
    assertThat(passed.getInputStream().read(new byte[3], 0, 3)).isEqualTo(3);
    HttpServletRequest wrapped = new HttpServletRequestWrapper(passed);
    assertThat(BodySizeLimitFilter.bodyRead(wrapped))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"a\":1}");
    assertThat(BodySizeLimitFilter.bodyRead(passed))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void pastTheCapWhatArrivedBeforeItIsWhatThereIs() throws Exception {
    HttpServletRequest passed = pass(request("0123456789abc", false));
    assertThat(passed.getInputStream().read()).isEqualTo('0');
    assertThat(BodySizeLimitFilter.bodyRead(passed))
        .asString(StandardCharsets.UTF_8)
        .startsWith("0")
        .hasSizeLessThanOrEqualTo(CAP);
  }

  @Test
  void aBodyNeverReadIsReadWholeAndARequestThatDidNotPassHasNone() throws Exception {
    assertThat(BodySizeLimitFilter.bodyRead(pass(request("{}", false))))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{}");
    assertThat(BodySizeLimitFilter.bodyRead(request("{}", false))).isEmpty();
  }

  /** A NUL byte is a byte like any other: counted against the cap and kept. */
  @Test
  void nulBytesCountAndAreKept() throws Exception {
    ServletInputStream in = pass(request("\0".repeat(CAP + 1), false)).getInputStream();
    for (int i = 0; i < CAP; i++) {
      assertThat(in.read()).isZero();
    }
    assertThatThrownBy(in::read).isInstanceOf(BodyTooLargeException.class);

    HttpServletRequest passed = pass(request("\0\0", false));
    assertThat(passed.getInputStream().read()).isZero();
    assertThat(BodySizeLimitFilter.bodyRead(passed)).containsExactly(0, 0);
  }

  @Test
  void aClientGoneBeforeItsBodyLeavesNothingToRead() throws Exception {
    HttpServletRequest gone =
        new HttpServletRequestWrapper(new MockHttpServletRequest("PUT", PATH)) {
          @Override
          public ServletInputStream getInputStream() throws java.io.IOException {
            throw new java.io.EOFException("the client went away");
          }
        };
    assertThat(BodySizeLimitFilter.bodyRead(pass(gone))).isEmpty();
  }

  /** The servlet container's non-blocking reading is the container's own stream's. */
  @Test
  void theContainersStreamAnswersWhetherItIsFinishedOrReady() throws Exception {
    List<jakarta.servlet.ReadListener> listeners = new java.util.ArrayList<>();
    ServletInputStream container =
        new ServletInputStream() {
          @Override
          public boolean isFinished() {
            return false;
          }

          @Override
          public boolean isReady() {
            return false;
          }

          @Override
          public void setReadListener(jakarta.servlet.ReadListener listener) {
            listeners.add(listener);
          }

          @Override
          public int read() {
            return -1;
          }
        };
    MockHttpServletRequest request =
        new MockHttpServletRequest("PUT", PATH) {
          @Override
          public ServletInputStream getInputStream() {
            return container;
          }
        };
    ServletInputStream in = pass(request).getInputStream();
    assertThat(in.isFinished()).isFalse();
    assertThat(in.isReady()).isFalse();
    jakarta.servlet.ReadListener listener =
        new jakarta.servlet.ReadListener() {
          @Override
          public void onDataAvailable() {}

          @Override
          public void onAllDataRead() {}

          @Override
          public void onError(Throwable t) {}
        };
    in.setReadListener(listener);
    assertThat(listeners).containsExactly(listener);
  }

  @Test
  void aBodyNotYetReadIsNotFinished() throws Exception {
    assertThat(pass(request("{}", false)).getInputStream().isFinished()).isFalse();
  }

  @Test
  void theStreamIsOneForTheRequest() throws Exception {
    HttpServletRequest passed = pass(request("{}", false));
    assertThat(passed.getInputStream()).isSameAs(passed.getInputStream());
  }

  private HttpServletRequest pass(HttpServletRequest request) throws Exception {
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();
    return (HttpServletRequest) chain.getRequest();
  }

  /** A PUT with {@code body}, its length declared or (as a chunked body) not. */
  private static MockHttpServletRequest request(String body, boolean declared) {
    MockHttpServletRequest request =
        new MockHttpServletRequest("PUT", PATH) {
          @Override
          public long getContentLengthLong() {
            return declared ? super.getContentLengthLong() : -1;
          }
        };
    request.setContentType("application/json");
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }
}
