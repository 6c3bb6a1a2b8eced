package org.availkit.mock;

import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.util.List;

/**
 * Stub mappings in memory only: none are loaded at start, and saving them writes no files.
 * WireMock's default, a JSON file source, set up Handlebars on the start's critical path only to
 * read an empty directory (bench/README.md, "Choices the profiles made").
 */
final class InMemoryMappings implements MappingsSource {

  @Override
  public void loadMappingsInto(StubMappings stubMappings) {
    // Nothing to load: the mock's answers come from its extensions, not from stub files.
  }

  @Override
  public void save(List<StubMapping> stubMappings) {
    // In memory only.
  }

  @Override
  public void save(StubMapping stubMapping) {
    // In memory only.
  }

  @Override
  public void remove(StubMapping stubMapping) {
    // In memory only.
  }

  @Override
  public void removeAll() {
    // In memory only.
  }
}
