// Ownership of GPU objects: a GL handle deletes its object exactly once, when its last owner lets go, and a
// scene drawn through a new renderer uploads afresh instead of using the old renderer's layer handles.
#include "render/gl.hpp"
#include "render/gl_handle.hpp"
#include "render/headless.hpp"
#include "render/renderer.hpp"
#include "scene/headless_render.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <optional>
#include <type_traits>

using namespace entente;

// A copy would delete the same GL objects twice; moving hands them over.
static_assert(!std::is_copy_constructible_v<render::gl::Texture> &&
              std::is_move_constructible_v<render::gl::Texture>);
static_assert(!std::is_copy_constructible_v<render::OffscreenTarget> &&
              std::is_nothrow_move_constructible_v<render::OffscreenTarget>);
static_assert(!std::is_copy_constructible_v<render::Renderer> &&
              !std::is_copy_assignable_v<render::Renderer>);

TEST_CASE("a GL handle deletes its object once, when its last owner lets go") {
    render::HeadlessContext ctx;
    render::gl::Texture first = render::gl::Texture::generate();
    glBindTexture(GL_TEXTURE_2D, first.get()); // a generated name becomes a texture when first bound
    glBindTexture(GL_TEXTURE_2D, 0);
    const GLuint name = first.get();
    REQUIRE(glIsTexture(name));

    render::gl::Texture second = std::move(first);
    CHECK_FALSE(first);
    CHECK(second.get() == name);
    first.reset(); // the moved-from handle owns nothing, so this deletes nothing
    CHECK(glIsTexture(name));

    { const render::gl::Texture last = std::move(second); }
    CHECK_FALSE(glIsTexture(name));
}

TEST_CASE("a renderer made where an old one was gets a new id") {
    render::HeadlessContext ctx;
    std::optional<render::Renderer> r;
    r.emplace();
    const uint64_t old_id = r->id();
    const render::Renderer* old_address = &*r;
    r.reset();
    r.emplace();
    REQUIRE(&*r == old_address);
    CHECK(r->id() != old_id);
}

TEST_CASE("a scene drawn again through a new renderer draws the same map") {
    app::MapScene scene;
    scene.set_projection(geo::ProjectionSpec::parse("platecarree"));
    const render::View view = scene.fit_view({-20, 30, 40, 60}, 240, 160);
    // Each call makes its own context and renderer, the second often at the first one's address.
    const app::RenderResult a = app::render_scene(scene, view);
    const app::RenderResult b = app::render_scene(scene, view);
    REQUIRE(a.rgba.size() == b.rgba.size());
    // Land and sea both show, so the first image is a drawn map and not just the background.
    bool drawn = false;
    for (size_t i = 4; i < a.rgba.size() && !drawn; i += 4)
        drawn = std::memcmp(&a.rgba[i], a.rgba.data(), 4) != 0;
    CHECK(drawn);
    CHECK(a.rgba == b.rgba);
}
