package org.availkit.mock;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.client.ApacheHttpClientFactory;
import com.github.tomakehurst.wiremock.http.client.HttpClient;
import com.github.tomakehurst.wiremock.http.client.HttpClientFactory;
import com.github.tomakehurst.wiremock.http.client.LazyHttpClient;
import java.util.List;

/**
 * WireMock's HTTP client (for proxying, which the mock does not use itself), built on its first use
 * instead of at start: building it loaded Apache HttpClient and set up TLS on the start's critical
 * path.
 */
final class LazyHttpClientFactory implements HttpClientFactory {

  @Override
  public HttpClient buildHttpClient(
      Options options,
      boolean trustAllCertificates,
      List<String> trustedHosts,
      boolean useSystemProperties) {
    return new LazyHttpClient(
        () ->
            new ApacheHttpClientFactory()
                .buildHttpClient(options, trustAllCertificates, trustedHosts, useSystemProperties));
  }
}
