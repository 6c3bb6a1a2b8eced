package org.availkit.contract.testing;

/**
 * The tests' embedded database: an in-memory H2 URL, written once, with the settings of the shipped
 * file database ({@code server/src/main/resources/application.yml}) that make H2 answer as
 * PostgreSQL does. Every test that names an H2 database takes its URL from here (the contract
 * gate's through {@code availkit.gate.h2-url}); the server's test profile ({@code
 * application-test.yml}, which no Java constant reaches) repeats it, and the server's {@code
 * TestProfileDatabaseTest} holds the two equal.
 */
public final class TestDatabase {

  /** The scheme and prefix of an in-memory database, named by what follows. */
  public static final String H2_MEM = "jdbc:h2:mem:";

  /**
   * After the name: kept while the JVM runs (not closed with its last connection), PostgreSQL's
   * mode and lower-case names, and NULLs sorted last in ascending order, as PostgreSQL sorts them
   * (H2 sorts them first without {@code DEFAULT_NULL_ORDERING=HIGH}).
   */
  public static final String H2_SETTINGS =
      ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  private TestDatabase() {}

  /**
   * The URL of the in-memory database {@code name}: servers in one JVM that keep rows in memory
   * each need a name of their own. A constant expression where {@code name} is one, so it can be an
   * annotation's property ({@code H2_MEM + "name" + H2_SETTINGS}).
   */
  public static String h2Url(String name) {
    return H2_MEM + name + H2_SETTINGS;
  }
}
