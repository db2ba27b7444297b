package fixtest_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/testmods"
)

// TestGoldensCompile checks that the fixes are real code: it copies each
// testdata module, puts every .golden file in place of its source, and
// builds the packages that have one against the pinned real modules.
// analysistest only compares the fixed text with the .golden files.
func TestGoldensCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the pinned modules")
	}
	for _, mod := range testmods.Pinned {
		t.Run(mod, func(t *testing.T) {
			t.Parallel()
			src := testmods.Dir(mod)
			dst := t.TempDir()
			dirs := map[string]bool{}
			err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, err := filepath.Rel(src, path)
				if err != nil {
					return err
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				target := filepath.Join(dst, rel)
				if strings.HasSuffix(rel, ".go.golden") {
					target = strings.TrimSuffix(target, ".golden")
					dirs["./"+filepath.ToSlash(filepath.Dir(rel))] = true
				} else if _, err := os.Stat(path + ".golden"); err == nil {
					return nil // replaced by its golden
				}
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return err
				}
				return os.WriteFile(target, data, 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(dirs) == 0 {
				t.Fatalf("no .golden files under %s", src)
			}
			var pkgs []string
			for d := range dirs {
				pkgs = append(pkgs, d)
			}
			sort.Strings(pkgs)
			cmd := exec.Command("go", append([]string{"build"}, pkgs...)...)
			cmd.Dir = dst
			cmd.Env = append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly -buildvcs=false")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the fixed packages of testdata/%s do not build: %v\n%s", mod, err, out)
			}
			t.Logf("testdata/%s: %d fixed packages build", mod, len(pkgs))
		})
	}
}
