// The scan's records are the innermost vocabulary (the domain's report reads them); the ports speak them too.
export * from "../../domain/scanRecords.js";
