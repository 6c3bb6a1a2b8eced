package org.availkit.contract.provider;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactBroker;
import au.com.dius.pact.provider.junitsupport.loader.PactBrokerConsumerVersionSelectors;
import au.com.dius.pact.provider.junitsupport.loader.SelectorBuilder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The pacts from a Pact Broker, against the mock: on when {@code pactbroker.url} is set (with
 * {@code pactbroker.auth.token}, or {@code pactbroker.auth.username} and {@code .password}).
 * Results are published only with {@code pact.verifier.publishResults=true}, as the provider
 * version {@code pact.provider.version} on the branch {@code pact.provider.branch} (the build sets
 * both from git).
 */
@Provider("availability-api")
@PactBroker
@EnabledIfSystemProperty(named = "pactbroker.url", matches = ".+")
class BrokerMockPactVerificationTest extends MockProvider {

  /** The consumers' main branch, what is deployed or released, and the same branch as ours. */
  @PactBrokerConsumerVersionSelectors
  public static SelectorBuilder consumerVersionSelectors() {
    return new SelectorBuilder().mainBranch().deployedOrReleased().matchingBranch();
  }
}
