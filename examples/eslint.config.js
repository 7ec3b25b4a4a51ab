// What `npm run demo` lints: one preset per directory, each a complete flat config. The examples show
// every rule's mistake, so they use the strict presets (every rule on), not the default ones.
import barriers from "eslint-plugin-barriers";

export default [
  {
    ...barriers.configs["qemu-strict"],
    files: ["qemu/**/*.c", "qemu/**/*.h"],
    settings: { barriers: { ...barriers.configs["qemu-strict"].settings.barriers, project: { files: ["qemu/**/*.{c,h}"] } } },
  },
  {
    ...barriers.configs["linux-strict"],
    files: ["linux/**/*.c", "linux/**/*.h"],
    settings: { barriers: { ...barriers.configs["linux-strict"].settings.barriers, project: { files: ["linux/**/*.{c,h}"] } } },
  },
  // The two rings are separate programs: each gets its own project so that one cannot pair with the other.
  ...["ring", "ring-broken"].map((ring) => ({
    ...barriers.configs["js-strict"],
    files: [`ts/${ring}/**/*.ts`],
    settings: { barriers: { ...barriers.configs["js-strict"].settings.barriers, project: { files: [`ts/${ring}/**/*.ts`] } } },
  })),
];
