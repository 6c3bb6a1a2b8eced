package org.availkit.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.availkit.contract.ErrorCatalogue;
import org.availkit.contract.Source;
import org.availkit.server.api.model.AvailabilityRequest;
import org.availkit.server.api.model.ChangeSource;
import org.availkit.server.api.model.ErrorResponse;
import org.availkit.server.api.model.RequestedStatus;
import org.availkit.server.error.ApiError;
import org.junit.jupiter.api.Test;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.json.JsonMapper;

/** The JSON the contract wants: strict on what it reads, in the spec's order on what it writes. */
class WebConfigTest {

  private final JsonMapper json = ContractJson.mapper();

  @Test
  void aRequestIsReadByNameWithItsDefaultSource() {
    AvailabilityRequest request =
        json.readValue("{\"status\":\"away\"}", AvailabilityRequest.class);
    assertThat(request.getStatus()).isEqualTo(RequestedStatus.AWAY);
    assertThat(request.getSource()).isEqualTo(ChangeSource.USER);
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNotTheLastOneWinning() {
    assertThatThrownBy(
            () ->
                json.readValue(
                    "{\"status\":\"away\",\"status\":\"busy\"}", AvailabilityRequest.class))
        .isInstanceOf(StreamReadException.class)
        .hasMessageContaining("Duplicate")
        .hasMessageContaining("\"status\"");
  }

  /**
   * The generated enums read only their wire values; a plain enum is not read from its index
   * either.
   */
  @Test
  void anEnumIsNeverReadFromANumber() {
    assertThatThrownBy(() -> json.readValue("{\"status\":1}", AvailabilityRequest.class))
        .isInstanceOf(DatabindException.class);
    assertThatThrownBy(() -> json.readValue("1", Source.class))
        .isInstanceOf(InvalidFormatException.class);
    assertThat(json.readValue("\"IDLE\"", Source.class)).isEqualTo(Source.IDLE);
  }

  @Test
  void anExplicitNullIsAnErrorNotAnAbsentField() {
    assertThatThrownBy(
            () ->
                json.readValue("{\"status\":\"away\",\"source\":null}", AvailabilityRequest.class))
        .isInstanceOf(InvalidNullException.class);
  }

  @Test
  void theEnvelopeIsWrittenInTheSpecsOrderNotSortedByName() {
    String written = json.writeValueAsString(ApiError.of(ErrorCatalogue.forbidden("No.")).body());
    assertThat(written)
        .startsWith(
            "{\"status\":\"error\",\"message\":\"No.\",\"error_type\":\"PermissionException\"");
  }

  @Test
  void anErrorResponseReadsBack() {
    ErrorResponse body =
        ApiError.of(
                ErrorCatalogue.input("Invalid status.", "status", java.util.List.of("available")))
            .body();
    assertThat(json.readValue(json.writeValueAsString(body), ErrorResponse.class)).isEqualTo(body);
  }
}
