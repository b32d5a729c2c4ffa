// A small tenant for the Teams tests: a manager and two reports.
export const MARA_ID = "7ea50000-0000-4000-8000-000000000001";
export const ROB_ID = "7ea50000-0000-4000-8000-000000000002";
export const ZOE_ID = "7ea50000-0000-4000-8000-000000000003";
export const MARA = "mara@contoso.example";
export const ROB = "rob@contoso.example";

export const TEAMS_FIXTURE = {
  now: "2026-11-25T09:00:00Z",
  users: [
    { id: MARA_ID, displayName: "Mara Manager", userPrincipalName: MARA, mail: MARA },
    { id: ROB_ID, displayName: "Rob Report", userPrincipalName: ROB, mail: ROB, managerId: MARA_ID },
    {
      id: ZOE_ID,
      displayName: "Zoe Report",
      userPrincipalName: "zoe@contoso.example",
      mail: "zoe@contoso.example",
      managerId: MARA_ID,
    },
  ],
  events: [],
};
