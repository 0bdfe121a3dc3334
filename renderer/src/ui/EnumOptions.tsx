/** The <option>s of a <select> over a fixed list of values, each shown by its label. */
export function EnumOptions<T extends string>({ values, labels }: { readonly values: readonly T[]; readonly labels: Readonly<Record<T, string>> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ));
}
