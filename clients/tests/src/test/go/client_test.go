// The availability client module, fetched through GOPROXY as a user's build fetches it, against the
// target the environment names (AVAILKIT_BASE_URL, AVAILKIT_KEY, AVAILKIT_SECRET;
// AVAILKIT_MOCK_ADMIN on the mock). GoClientIT runs it once against the mock and once against the
// server.
package scratch

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"reflect"
	"testing"

	availability "github.com/availkit/availability-client-go"
)

var (
	baseURL   = os.Getenv("AVAILKIT_BASE_URL")
	key       = os.Getenv("AVAILKIT_KEY")
	secret    = os.Getenv("AVAILKIT_SECRET")
	mockAdmin = os.Getenv("AVAILKIT_MOCK_ADMIN")
)

func client() *availability.APIClient {
	cfg := availability.NewConfiguration()
	cfg.Servers = availability.ServerConfigurations{{URL: baseURL}}
	return availability.NewAPIClient(cfg)
}

func basic(password string) context.Context {
	return context.WithValue(context.Background(), availability.ContextBasicAuth,
		availability.BasicAuth{UserName: key, Password: password})
}

func token() context.Context {
	return context.WithValue(context.Background(), availability.ContextAPIKeys,
		map[string]availability.APIKey{"tokenAuth": {Key: key + ":" + secret, Prefix: "token"}})
}

func put(t *testing.T, status availability.RequestedStatus, source availability.ChangeSource) availability.AvailabilityStatus {
	t.Helper()
	request := availability.NewAvailabilityRequest(status)
	request.SetSource(source)
	answer, _, err := client().AgentsAPI.UpdateAgentAvailability(basic(secret)).AvailabilityRequest(*request).Execute()
	if err != nil {
		var apiErr *availability.GenericOpenAPIError
		if errors.As(err, &apiErr) {
			t.Fatalf("%s from %s: %v %s", status, source, err, apiErr.Body())
		}
		t.Fatalf("%s from %s: %v", status, source, err)
	}
	data := answer.GetData()
	return data.GetAvailabilityStatus()
}

// envelope is the error's status and the envelope the client decoded.
func envelope(t *testing.T, err error, response *http.Response) (int, availability.ErrorResponse) {
	t.Helper()
	var apiErr *availability.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("a GenericOpenAPIError, not %v", err)
	}
	model, ok := apiErr.Model().(availability.ErrorResponse)
	if !ok {
		t.Fatalf("the envelope as the error's model, not %#v (body %s)", apiErr.Model(), apiErr.Body())
	}
	return response.StatusCode, model
}

func TestReadsTheAgentInBothCredentialForms(t *testing.T) {
	for name, ctx := range map[string]context.Context{"basic": basic(secret), "token": token()} {
		agent, _, err := client().AgentsAPI.GetCurrentAgent(ctx).Execute()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		data := agent.GetData()
		if agent.GetStatus() != "success" || data.GetApiKey() != key || !data.GetAvailabilityStatus().IsValid() || data.GetCreatedAt().IsZero() {
			t.Errorf("%s: %+v", name, agent)
		}
	}
}

func TestEveryRequestValueFromTheAgent(t *testing.T) {
	table := map[availability.RequestedStatus]availability.AvailabilityStatus{
		availability.REQUESTEDSTATUS_AVAILABLE:            availability.AVAILABILITYSTATUS_ONLINE,
		availability.REQUESTEDSTATUS_BUSY:                 availability.AVAILABILITYSTATUS_BUSY,
		availability.REQUESTEDSTATUS_AWAY:                 availability.AVAILABILITYSTATUS_AWAY_MANUAL,
		availability.REQUESTEDSTATUS_OFFLINE:              availability.AVAILABILITYSTATUS_OFFLINE,
		availability.REQUESTEDSTATUS_ONLINE:               availability.AVAILABILITYSTATUS_ONLINE,
		availability.REQUESTEDSTATUS_AWAY_MANUAL:          availability.AVAILABILITYSTATUS_AWAY_MANUAL,
		availability.REQUESTEDSTATUS_AWAY_AND_REASSIGNING: availability.AVAILABILITYSTATUS_AWAY_AND_REASSIGNING,
	}
	for requested, stored := range table {
		put(t, availability.REQUESTEDSTATUS_OFFLINE, availability.CHANGESOURCE_USER)
		if got := put(t, requested, availability.CHANGESOURCE_USER); got != stored {
			t.Errorf("user %s: %s, want %s", requested, got, stored)
		}
	}
}

func TestEveryRequestValueFromIdleDetection(t *testing.T) {
	table := map[availability.RequestedStatus]availability.AvailabilityStatus{
		availability.REQUESTEDSTATUS_AVAILABLE: availability.AVAILABILITYSTATUS_ONLINE,
		availability.REQUESTEDSTATUS_AWAY:      availability.AVAILABILITYSTATUS_AWAY,
		availability.REQUESTEDSTATUS_OFFLINE:   availability.AVAILABILITYSTATUS_OFFLINE,
		availability.REQUESTEDSTATUS_ONLINE:    availability.AVAILABILITYSTATUS_ONLINE,
	}
	for requested, stored := range table {
		put(t, availability.REQUESTEDSTATUS_OFFLINE, availability.CHANGESOURCE_USER)
		if got := put(t, requested, availability.CHANGESOURCE_IDLE); got != stored {
			t.Errorf("idle %s: %s, want %s", requested, got, stored)
		}
	}
}

func TestAnIdleChangeDoesNotOverwriteAManualStatus(t *testing.T) {
	for _, manual := range []availability.RequestedStatus{
		availability.REQUESTEDSTATUS_BUSY, availability.REQUESTEDSTATUS_AWAY_MANUAL, availability.REQUESTEDSTATUS_AWAY_AND_REASSIGNING,
	} {
		kept := put(t, manual, availability.CHANGESOURCE_USER)
		for _, idle := range []availability.RequestedStatus{availability.REQUESTEDSTATUS_AVAILABLE, availability.REQUESTEDSTATUS_AWAY} {
			if got := put(t, idle, availability.CHANGESOURCE_IDLE); got != kept {
				t.Errorf("idle %s after %s: %s", idle, manual, got)
			}
		}
	}
}

func TestA400NamesTheFieldTheEnvelopeReadableFromTheError(t *testing.T) {
	request := availability.NewAvailabilityRequest(availability.REQUESTEDSTATUS_BUSY)
	request.SetSource(availability.CHANGESOURCE_IDLE)
	_, response, err := client().AgentsAPI.UpdateAgentAvailability(basic(secret)).AvailabilityRequest(*request).Execute()
	status, model := envelope(t, err, response)
	data := model.GetData()
	if status != 400 || model.GetStatus() != "error" || data.GetField() != "status" ||
		!reflect.DeepEqual(data.GetAllowedValues(), []string{"available", "away", "offline", "online"}) {
		t.Errorf("%d %+v", status, model)
	}
}

func TestAWrongSecretIsA401TheEnvelopeReadableFromTheError(t *testing.T) {
	_, response, err := client().AgentsAPI.GetCurrentAgent(basic("as_wrong")).Execute()
	status, model := envelope(t, err, response)
	if status != 401 || model.GetErrorType() != "UnauthorizedException" {
		t.Errorf("%d %+v", status, model)
	}
}

func TestAStatusThisVersionDoesNotListReachesTheCallerAsUnknown(t *testing.T) {
	if mockAdmin == "" {
		t.Skip("the server stores only the statuses this spec lists; the mock's admin API sends another")
	}
	body := []byte(`{"availability_status":"in_a_meeting","unlisted":true}`)
	request, _ := http.NewRequest(http.MethodPut, mockAdmin+"/agents/"+key+"/availability", bytes.NewReader(body))
	request.Header.Set("Content-Type", "application/json")
	answer, err := http.DefaultClient.Do(request)
	if err != nil || answer.StatusCode != 200 {
		t.Fatalf("the mock's admin API: %v %v", answer, err)
	}
	agent, _, err := client().AgentsAPI.GetCurrentAgent(basic(secret)).Execute()
	if err != nil {
		t.Fatalf("an unlisted status: %v", err)
	}
	data := agent.GetData()
	if data.GetAvailabilityStatus() != availability.AVAILABILITYSTATUS_UNKNOWN_DEFAULT_OPEN_API {
		t.Errorf("%s", data.GetAvailabilityStatus())
	}
	if got := put(t, availability.REQUESTEDSTATUS_AVAILABLE, availability.CHANGESOURCE_USER); got != availability.AVAILABILITYSTATUS_ONLINE {
		t.Errorf("after the agent's change: %s", got)
	}
}
