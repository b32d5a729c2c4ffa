import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { proposalId } from "../../../shared/domain/proposalId.js";
import type { SeriesProposal } from "../../../shared/domain/seriesProposal.js";
import { MemoryProposalStore } from "../../../shared/store/memoryProposalStore.js";
import { ProposalStore } from "../../../shared/store/proposalStore.js";
import type { ProposalStorePort } from "../../../shared/usecases/ports/proposalStore.js";
import { OPEN_PROPOSAL_DEFAULTS } from "../../helpers/openProposalDefaults.js";

const proposal = (
  managerId: string,
  reportId: string,
  over: Partial<SeriesProposal> = {},
): SeriesProposal => ({
  proposalId: proposalId(managerId, reportId, 1),
  generation: 1,
  managerId,
  managerUpn: "m@contoso.com",
  managerName: "Siobhán O'Brien",
  reportId,
  reportUpn: "r@contoso.com",
  reportName: null,
  pairStatus: "missing",
  state: "proposed",
  slots: [
    {
      start: "2027-03-01T14:00:00.000Z",
      end: "2027-03-01T14:30:00.000Z",
      weekday: "monday",
      localTime: "15:00",
      occurrences: [{ start: "2027-03-01T14:00:00.000Z", end: "2027-03-01T14:30:00.000Z" }],
      managerTimeZone: "Europe/Rome",
      reportTimeZone: "America/New_York",
    },
  ],
  ...OPEN_PROPOSAL_DEFAULTS,
  ...over,
});

const stores: Array<[string, () => Promise<ProposalStorePort>]> = [
  [
    "ProposalStore on Azurite",
    () => ProposalStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`),
  ],
  ["MemoryProposalStore", async () => new MemoryProposalStore()],
];

describe.each(stores)("%s", (_name, open) => {
  let store: ProposalStorePort;
  beforeAll(async () => {
    store = await open();
  });

  it("round-trips a proposal whose ids need escaping, and reads it back with an ETag", async () => {
    const p = proposal("m/1#?", "r\\1");
    const etag = await store.save(p);
    const read = await store.get("m/1#?", "r\\1");
    expect(read?.proposal).toEqual(p);
    expect(read?.etag).toBe(etag);
    expect(await store.get("m/1#?", "nobody")).toBeUndefined();
  });

  it("refuses a second insert for the pair and a write with a stale ETag", async () => {
    const p = proposal("m2", "r2");
    const first = await store.save(p);
    await expect(store.save(p)).rejects.toMatchObject({ code: "PROPOSAL.CONFLICT", status: 409 });
    const second = await store.save({ ...p, state: "accepted" }, first);
    await expect(store.save({ ...p, state: "declined" }, first)).rejects.toMatchObject({
      code: "PROPOSAL.CONFLICT",
    });
    expect((await store.get("m2", "r2"))?.proposal.state).toBe("accepted");
    expect(second).not.toBe(first);
  });

  it("lets exactly one of two racing writers with the same ETag win", async () => {
    const p = proposal("m5", "r5");
    const etag = await store.save(p);
    const results = await Promise.allSettled([
      store.save({ ...p, state: "accepted" }, etag),
      store.save({ ...p, state: "declined" }, etag),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const winner = results[0]!.status === "fulfilled" ? "accepted" : "declined";
    expect((await store.get("m5", "r5"))?.proposal.state).toBe(winner);
  });

  it("lists by manager and by state", async () => {
    await store.save(proposal("m3", "a", { state: "proposed" }));
    await store.save(proposal("m3", "b", { state: "declined" }));
    await store.save(proposal("m4", "c", { state: "declined" }));
    expect((await store.list({ managerId: "m3" })).map((p) => p.reportId).sort()).toEqual(["a", "b"]);
    expect(
      (await store.list({ state: "declined" }))
        .map((p) => p.reportId)
        .filter((r) => r === "b" || r === "c")
        .sort(),
    ).toEqual(["b", "c"]);
    expect((await store.list({ managerId: "m3", state: "declined" })).map((p) => p.reportId)).toEqual(["b"]);
  });
});
