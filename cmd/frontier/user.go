package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/frontier-map/frontier/data"
	"github.com/frontier-map/frontier/geo"
)

const userUsage = `usage:
  frontier user add --name NAME --role editor|publisher|admin [--db PATH]
  frontier user list [--db PATH]
  frontier user revoke NAME [--db PATH]`

// userCmd manages the desk's users. A new user's token is printed once, on
// the last line of stdout, and never stored: only its hash is.
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{userUsage}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", env(getenv, "FRONTIER_DB", "frontier.gpkg"), "GeoPackage file (env FRONTIER_DB)")
	name := fs.String("name", "", "add: the user's name (letters, digits, '.', '-', '_')")
	role := fs.String("role", "", "add: editor (drafts), publisher (also publishes) or admin (also manages users)")
	pos, err := parseArgs(fs, args, "user "+sub)
	if err != nil {
		return err
	}
	switch {
	case sub == "add" && (*name == "" || *role == "" || pos != ""):
		return usageError{"user add: want --name and --role\n" + userUsage}
	case sub == "list" && pos != "":
		return usageError{"user list takes no argument\n" + userUsage}
	case sub == "revoke" && pos == "":
		return usageError{"user revoke: whose token?\n" + userUsage}
	case sub != "add" && sub != "list" && sub != "revoke":
		return usageError{fmt.Sprintf("unknown user command %q\n%s", sub, userUsage)}
	}
	store, err := data.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	switch sub {
	case "add":
		u, token, err := store.AddUser(ctx, *name, geo.Role(*role))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (%s) to %s; its token, shown this once (send it as \"Authorization: Bearer TOKEN\"):\n%s\n", u.Name, u.Role, *dbPath, token)
	case "list":
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED\tREVOKED")
		for _, u := range users {
			revoked := "-"
			if u.Revoked != nil {
				revoked = u.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Created.Format(time.RFC3339), revoked)
		}
		return tw.Flush()
	case "revoke":
		if err := store.RevokeUser(ctx, pos); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s's token in %s\n", pos, *dbPath)
	}
	return nil
}

// importAuthor is who an import is recorded as: the desk user named by
// --as, who must be allowed to publish (an import publishes at once); ""
// without --as. A revision per row costs an import about four times the
// CPU and twice the file (a million synthetic events for a benchmark need
// no history), so an import is recorded when it names its author.
func importAuthor(ctx context.Context, store *data.Store, as string) (string, error) {
	if as == "" {
		return "", nil
	}
	u, err := store.UserByName(ctx, as)
	if err != nil {
		return "", usageError{fmt.Sprintf("import: --as %q: no such desk user, or revoked (frontier user list)", as)}
	}
	if !u.Role.Allows(geo.RolePublisher) {
		return "", usageError{fmt.Sprintf("import: --as %q: an import publishes at once, and %s is an %s, not a publisher", as, as, u.Role)}
	}
	return u.Name, nil
}
