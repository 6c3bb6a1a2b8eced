package org.availkit.contract.provider;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** The pacts the consumer tests of this build wrote (target/pacts), against the mock. */
@Provider("availability-api")
@PactFolder("target/pacts")
@DisabledIfSystemProperty(named = "pactbroker.url", matches = ".+")
class MockPactVerificationTest extends MockProvider {}
