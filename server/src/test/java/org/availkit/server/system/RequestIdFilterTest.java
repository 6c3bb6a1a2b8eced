package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Each request's id: in X-Request-Id, in the log's context while it runs (and only then), and fresh
 * each time.
 */
class RequestIdFilterTest {

  private final RequestIdFilter filter = new RequestIdFilter();

  @Test
  void theIdIsInTheHeaderAndTheLogContextWhileTheRequestRuns() throws Exception {
    List<String> seen = new ArrayList<>();
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(
        new MockHttpServletRequest("GET", "/api/v1/agents/me"),
        response,
        new MockFilterChain(
            new jakarta.servlet.http.HttpServlet() {
              @Override
              protected void service(
                  jakarta.servlet.http.HttpServletRequest req,
                  jakarta.servlet.http.HttpServletResponse res) {
                seen.add(MDC.get("requestId"));
                seen.add(RequestIdFilter.currentId());
              }
            }));

    String id = response.getHeader(RequestIdFilter.HEADER);
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(seen).containsExactly(id, id);
    assertThat(MDC.get("requestId")).isNull();
  }

  @Test
  void everyRequestAndEveryCallOutsideOneGetsAFreshId() throws Exception {
    MockHttpServletResponse first = new MockHttpServletResponse();
    MockHttpServletResponse second = new MockHttpServletResponse();
    filter.doFilter(new MockHttpServletRequest(), first, new MockFilterChain());
    filter.doFilter(new MockHttpServletRequest(), second, new MockFilterChain());
    assertThat(first.getHeader(RequestIdFilter.HEADER))
        .isNotEqualTo(second.getHeader(RequestIdFilter.HEADER));
    assertThat(RequestIdFilter.currentId())
        .matches("[0-9a-f]{16}")
        .isNotEqualTo(RequestIdFilter.currentId());
  }

  /** The error dispatch keeps the id of the request that failed (the 500's message names it). */
  @Test
  void theErrorDispatchKeepsTheFailedRequestsId() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setDispatcherType(DispatcherType.ERROR);
    request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/agents/me");
    MockHttpServletResponse response = new MockHttpServletResponse();
    MDC.put("requestId", "failed-one");
    try {
      filter.doFilter(request, response, new MockFilterChain());
      assertThat(response.getHeader(RequestIdFilter.HEADER)).isNull();
      assertThat(MDC.get("requestId")).isEqualTo("failed-one");
    } finally {
      MDC.remove("requestId");
    }
  }
}
