// The README's Go example: set the agent away, then read the status back.
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	availability "github.com/availkit/availability-client-go"
)

func main() {
	cfg := availability.NewConfiguration()
	cfg.Servers = availability.ServerConfigurations{{URL: os.Getenv("AVAILKIT_BASE_URL")}}
	client := availability.NewAPIClient(cfg)
	ctx := context.WithValue(context.Background(), availability.ContextBasicAuth,
		availability.BasicAuth{UserName: os.Getenv("AVAILKIT_KEY"), Password: os.Getenv("AVAILKIT_SECRET")})

	request := availability.NewAvailabilityRequest(availability.REQUESTEDSTATUS_AWAY)
	answer, _, err := client.AgentsAPI.UpdateAgentAvailability(ctx).AvailabilityRequest(*request).Execute()
	if err != nil {
		log.Fatal(err)
	}
	data := answer.GetData()
	fmt.Println(data.GetAvailabilityStatus()) // away_manual
	me, _, err := client.AgentsAPI.GetCurrentAgent(ctx).Execute()
	if err != nil {
		log.Fatal(err)
	}
	agent := me.GetData()
	fmt.Println(agent.GetEmail(), agent.GetAvailabilityStatus())
}
