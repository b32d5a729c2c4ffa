// Template + view model → card JSON, the one way every card in cards/ is built.
import * as templating from "adaptivecards-templating";

export function expandCardTemplate(template: object, view: object): object {
  // The package is CommonJS: under Node's ESM loader its named exports sit on `default`.
  const Template =
    templating.Template ?? (templating as unknown as { default: typeof templating }).default.Template;
  return new Template(structuredClone(template)).expand({ $root: view }) as object;
}
