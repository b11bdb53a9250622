package web

// deskAPI adds the desk's operations to the OpenAPI document: the writes
// of OGC API – Features Part 4 on every collection that takes them, the
// history of a feature, publishing, and the corrections feed, with the
// bearer-token scheme the writes need.
func (s *Server) deskAPI(doc *openAPIDoc) {
	doc.Components.SecuritySchemes = map[string]schema{
		"deskToken": {"type": "http", "scheme": "bearer",
			"description": "A desk user's token, from `frontier user add` (shown once). Editors draft; publishers also publish."},
	}
	doc.Tags = append(doc.Tags, apiTag{Name: "Desk", Description: "Drafts, publishing and the record of changes (OGC API – Features Part 4)."})
	needs := []map[string][]string{{"deskToken": {}}}
	problem := map[string]apiMedia{typeProblem: {Schema: ref("problem")}}
	feature := map[string]apiMedia{typeGeoJSON: {Schema: ref("featureGeoJSON")}}
	resp := func(code, desc string, content map[string]apiMedia, more ...string) map[string]apiResponse {
		out := map[string]apiResponse{
			code:  {Description: desc, Content: content},
			"400": {Description: "The body does not validate: the detail names the field (properties.date_start, geometry, ...).", Content: problem},
			"401": {Description: "No token, or one the server does not accept (WWW-Authenticate: Bearer).", Content: problem},
			"403": {Description: "The user's role may not do this.", Content: problem},
			"405": {Description: "The server is read-only, or the collection does not take this write.", Content: problem},
			"429": {Description: "Too many failed sign-ins from this client; Retry-After says when to try again.", Content: problem},
			"414": tooLong(),
		}
		for i := 0; i+1 < len(more); i += 2 {
			out[more[i]] = apiResponse{Description: more[i+1], Content: problem}
		}
		return out
	}
	id := apiParam{Name: "featureId", In: "path", Description: "The feature's GeoJSON id.", Required: true, Schema: schema{"type": "string"}}
	ifMatchParam := apiParam{Name: "If-Match", In: "header", Description: "The ETag of the feature as read (GET, or ?state=draft for the desk's view).", Required: true, Schema: schema{"type": "string"}}
	message := apiParam{Name: "X-Frontier-Message", In: "header", Description: "Why, for the feature's history.", Schema: schema{"type": "string"}}
	body := func(mediaType string) *apiRequestBody {
		return &apiRequestBody{Required: true, Content: map[string]apiMedia{mediaType: {Schema: schema{"type": "object"}}}}
	}
	op := func(id, summary, desc string, params []apiParam, rb *apiRequestBody, r map[string]apiResponse) *apiOperation {
		return &apiOperation{Summary: summary, Description: desc, OperationID: id, Tags: []string{"Desk"},
			Parameters: params, RequestBody: rb, Responses: r, Security: needs}
	}
	for _, coll := range s.collections {
		if !coll.Writable() {
			continue
		}
		items := "/collections/" + coll.ID + "/items"
		item := items + "/{featureId}"
		methods := allowedMethods(coll)
		has := func(m string) bool { return containsFold(methods, m) }
		// The desk's view of the reads: drafts, marked, for a token.
		for path, what := range map[string]string{items: "the collection's pending drafts", item: "the feature's pending draft, else the published feature, with the ETag a change sends"} {
			if get := doc.Paths[path].Get; get != nil {
				get.Parameters = append(get.Parameters, apiParam{Name: "state", In: "query",
					Description: "draft: " + what + " (desk users, with a bearer token; JSON only).",
					Schema:      schema{"type": "string", "enum": []string{"draft"}}})
			}
		}
		if has("POST") {
			doc.Paths[items].Post = op("createFeature_"+coll.ID, coll.Title+": add a feature (draft)",
				"A GeoJSON Feature whose properties are the collection's own fields (sources by id), as `frontier import` reads them and validated the same way. It becomes a draft, which readers see once published. Without an id the server makes one.",
				[]apiParam{message}, body(typeGeoJSON), resp("201", "The draft, with Location and ETag.", feature, "409", "The id is taken."))
		}
		if has("PUT") {
			doc.Paths[item].Put = op("replaceFeature_"+coll.ID, coll.Title+": replace a feature (draft)",
				"The whole feature, as for POST.", []apiParam{id, ifMatchParam, message}, body(typeGeoJSON),
				resp("200", "The draft, with its ETag.", feature, "412", "The If-Match ETag is stale.", "428", "If-Match is missing."))
		}
		if has("PATCH") {
			desc := "A JSON Merge Patch (RFC 7396) of the feature's record."
			if coll.ID == "frontier" {
				desc = "A JSON Merge Patch of properties.status_history only: the line and sector are not a desk edit."
			}
			doc.Paths[item].Patch = op("updateFeature_"+coll.ID, coll.Title+": change a feature (draft)", desc,
				[]apiParam{id, ifMatchParam, message}, body(typeMergePatch),
				resp("200", "The draft, with its ETag.", feature, "412", "The If-Match ETag is stale.", "428", "If-Match is missing."))
		}
		if has("DELETE") {
			doc.Paths[item].Delete = op("deleteFeature_"+coll.ID, coll.Title+": remove a feature (draft)",
				"The feature is removed when the draft is published.", []apiParam{id, ifMatchParam, message}, nil,
				resp("204", "The deletion is drafted.", nil, "412", "The If-Match ETag is stale.", "428", "If-Match is missing."))
		}
		doc.add(item+"/history", "getHistory_"+coll.ID, "Desk", coll.Title+": history of a feature",
			"Its published revisions, newest first: who, when, create/change/delete, the message, the feature before and after. A desk user's token adds the drafts.",
			[]apiParam{id}, ok("The history.", map[string]apiMedia{typeJSON: {Schema: schema{"type": "object"}}}))
	}
	object := map[string]apiMedia{typeJSON: {Schema: schema{"type": "object"}}}
	doc.add("/publish", "getPending", "Desk", "Pending drafts", "Every draft waiting to be published, with who changed what.", nil,
		resp("200", "The pending drafts.", object))
	doc.Paths["/publish"].Get.Security = needs
	doc.Paths["/publish"].Post = op("publish", "Publish every pending draft",
		"Publishers: every pending draft is applied in one transaction as one new dataset version; body {\"message\": \"what changed and why\"}, shown in the corrections feed.",
		nil, &apiRequestBody{Required: true, Content: map[string]apiMedia{typeJSON: {Schema: schema{"type": "object", "required": []any{"message"},
			"properties": schema{"message": schema{"type": "string"}}}}}},
		resp("200", "The publication, with the features it changed.", object, "409", "Nothing is pending."))
	doc.add("/users/me", "getMe", "Desk", "The signed-in user", "The name and role of the token's user.", nil, resp("200", "The user.", object))
	doc.Paths["/users/me"].Get.Security = needs
	doc.add("/users", "getUsers", "Desk", "Desk users", "Admins: every user, with role and when revoked; never a token.", nil, resp("200", "The users.", object))
	doc.Paths["/users"].Get.Security = needs
	doc.Paths["/users"].Post = op("addUser", "Add a desk user", "Admins: body {\"name\", \"role\"}; the answer holds the new token, shown this once.",
		nil, &apiRequestBody{Required: true, Content: map[string]apiMedia{typeJSON: {Schema: schema{"type": "object", "required": []any{"name", "role"},
			"properties": schema{"name": schema{"type": "string"}, "role": schema{"type": "string", "enum": []any{"editor", "publisher", "admin"}}}}}}},
		resp("201", "The user and its token.", object, "409", "The name is taken."))
	doc.Paths["/users/{name}"] = &apiPath{Delete: op("revokeUser", "Revoke a desk user", "Admins: the user's token is refused from the next request on.",
		[]apiParam{{Name: "name", In: "path", Description: "The user's name.", Required: true, Schema: schema{"type": "string"}}}, nil,
		resp("204", "Revoked.", nil, "404", "No such user, or revoked already."))}
	doc.add("/changes.atom", "getChanges", "Desk", "Corrections feed",
		"An Atom 1.0 feed of the latest publications, each listing the features added, changed or removed, with links.",
		nil, ok("The feed.", map[string]apiMedia{typeAtom: {Schema: schema{"type": "string"}}}))
}
