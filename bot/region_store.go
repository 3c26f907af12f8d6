package bot

import "context"

// RegionStore keeps the country of each group, whose crisis resources its
// members are shown (Group.Region, set at CreateGroup).
type RegionStore interface {
	// SetGroupRegion changes the group's region (an ISO 3166-1 alpha-2 code,
	// or "" for none). ENotFound if the group does not exist.
	SetGroupRegion(ctx context.Context, groupID int64, region string) error
}
