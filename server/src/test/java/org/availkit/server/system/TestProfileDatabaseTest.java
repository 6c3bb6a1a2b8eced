package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.availkit.contract.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The test profile's database URL ({@code application-test.yml}, which a Java constant cannot
 * reach) is the tests' one URL, {@link TestDatabase}, with PostgreSQL's NULL ordering among its
 * settings.
 */
class TestProfileDatabaseTest {

  @Test
  void theTestProfilesUrlIsTheToolkitsOne() {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application-test.yml"));

    assertThat(yaml.getObject().getProperty("spring.datasource.url"))
        .isEqualTo(TestDatabase.h2Url("availkit"))
        .contains("DEFAULT_NULL_ORDERING=HIGH");
  }
}
